import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How InfinityMix signs a webhook, and how a receiver checks it (docs/webhooks.md). Self-contained on
 * purpose: a receiver written in Node can copy this file as it is (it needs only node:crypto).
 *
 *   InfinityMix-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *   InfinityMix-Event-Id:  <event id, the same on every retry: dedupe on it>
 *
 * The timestamp is signed with the body, so a captured request cannot be replayed later than the
 * tolerance (5 minutes) or with another body.
 */
export const SIGNATURE_HEADER = 'InfinityMix-Signature';
export const EVENT_ID_HEADER = 'InfinityMix-Event-Id';
export const EVENT_TYPE_HEADER = 'InfinityMix-Event-Type';
/** How old a signature's timestamp may be (either way, for clock skew) before a receiver refuses it. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** Hex HMAC-SHA256 of `<timestamp>.<raw body>` under the endpoint's secret. */
export function webhookSignature(secret: string, timestampSeconds: number, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.`).update(rawBody).digest('hex');
}

/** The InfinityMix-Signature header value for a body sent at `timestampSeconds`. */
export function signatureHeaderValue(secret: string, timestampSeconds: number, rawBody: string | Buffer): string {
  return `t=${timestampSeconds},v1=${webhookSignature(secret, timestampSeconds, rawBody)}`;
}

export type SignatureCheck = { valid: true; timestampSeconds: number } | { valid: false; reason: string };

/**
 * Checks a received webhook: `header` is the InfinityMix-Signature value, `rawBody` the body exactly as
 * received (before any JSON parsing), `secret` the endpoint's secret. Accepts any `v1` that matches (there
 * may be several while a secret is being changed) and refuses timestamps more than `toleranceSeconds` away
 * from `nowSeconds`. Compares in constant time.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined,
  rawBody: string | Buffer,
  { nowSeconds = Math.floor(Date.now() / 1000), toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS }: { nowSeconds?: number; toleranceSeconds?: number } = {},
): SignatureCheck {
  if (!header) return { valid: false, reason: `no ${SIGNATURE_HEADER} header` };
  const parts = header.split(',').map((part) => part.trim().split('=', 2) as [string, string | undefined]);
  const timestamps = parts.filter(([name]) => name === 't').map(([, value]) => value ?? '');
  const signatures = parts.filter(([name]) => name === 'v1').map(([, value]) => value ?? '');
  if (timestamps.length !== 1 || !/^\d{1,12}$/.test(timestamps[0]!)) return { valid: false, reason: 'the header needs exactly one t=<unix seconds>' };
  if (signatures.length === 0) return { valid: false, reason: 'the header has no v1 signature' };
  const timestampSeconds = Number(timestamps[0]);
  if (Math.abs(nowSeconds - timestampSeconds) > toleranceSeconds) {
    return { valid: false, reason: `timestamp ${timestampSeconds} is more than ${toleranceSeconds} s from now (${nowSeconds}): a replay or a wrong clock` };
  }
  const expected = Buffer.from(webhookSignature(secret, timestampSeconds, rawBody), 'hex');
  const matches = signatures.some((signature) => {
    const given = /^[0-9a-f]{64}$/i.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { valid: true, timestampSeconds } : { valid: false, reason: 'no v1 signature matches the body and secret' };
}
