/**
 * Per-customer request rate limit: a token bucket per customer that holds `perMinute` requests and refills
 * at `perMinute` a minute. It lives in the API process's memory, so N API instances allow N times the rate;
 * a multi-instance deployment that needs one shared limit puts it in front (a gateway) or in a shared store.
 */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/** Above this many tracked customers, buckets that have refilled completely are dropped (they hold no state). */
const PRUNE_ABOVE = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    readonly perMinute: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.perMs = perMinute / 60_000;
  }

  take(customerId: string): RateDecision {
    const now = this.clock();
    const bucket = this.buckets.get(customerId) ?? { tokens: this.perMinute, updatedMs: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.updatedMs) * this.perMs);
    bucket.updatedMs = now;
    this.buckets.set(customerId, bucket);
    if (this.buckets.size > PRUNE_ABOVE) this.prune(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)) };
  }

  private prune(now: number): void {
    for (const [customerId, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updatedMs) * this.perMs >= this.perMinute) this.buckets.delete(customerId);
    }
  }
}
