import { createAddressChecker } from './egress-guard';
import { EgressRefusedError, pinnedFetch } from './pinned-fetch';
import type { AddressRule, LookupAll } from './url-safety';

/** One POST to a customer's endpoint and how it went; never throws for what the receiver or network did. */
export interface WebhookAttemptResult {
  /** 2xx: the receiver took the event. */
  delivered: boolean;
  statusCode?: number;
  /** Why it was not delivered, for the delivery log: never the body or the secret. */
  error?: string;
  durationMs: number;
}

export interface WebhookPost {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** forbiddenAddressRule, or allowLoopbackAddress for local receivers. */
  addressRule: AddressRule;
  resolve?: LookupAll;
}

const USER_AGENT = 'InfinityMix-Webhooks/1';

/**
 * Posts a signed event the way reference downloads fetch: the host is resolved once, every address is
 * checked against the address rules, and the connection goes to the checked address (pinned-fetch.ts), so
 * a DNS answer that changed since registration cannot aim a delivery inside our network. Redirects are
 * not followed (a 3xx is a failed attempt); the answer's body is not read.
 */
export async function postWebhook({ url, body, headers, timeoutMs, addressRule, resolve }: WebhookPost): Promise<WebhookAttemptResult> {
  const checker = createAddressChecker({ addressRule, resolve });
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await pinnedFetch(checker)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT, ...headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel().catch(() => undefined);
    const delivered = response.status >= 200 && response.status < 300;
    return { delivered, statusCode: response.status, durationMs: elapsed(), ...(delivered ? {} : { error: `the receiver answered ${response.status}` }) };
  } catch (error) {
    return { delivered: false, error: describeFailure(error, checker.refusals.at(-1), timeoutMs), durationMs: elapsed() };
  }
}

function describeFailure(error: unknown, refusal: { host: string; address?: string; rule: string } | undefined, timeoutMs: number): string {
  if (error instanceof EgressRefusedError && refusal) {
    return `refused: host ${refusal.host} ${refusal.address ? `resolves to a ${refusal.rule} (${refusal.address})` : refusal.rule}`;
  }
  // Read by shape: errors from node:http may come from another realm (a test runner's sandbox) than Error here.
  const { name, code } = typeof error === 'object' && error !== null ? (error as { name?: unknown; code?: unknown }) : {};
  if (name === 'TimeoutError' || name === 'AbortError' || code === 'ABORT_ERR') return `no answer within ${timeoutMs / 1000} s`;
  return `connection failed${typeof code === 'string' ? ` (${code})` : ''}`;
}
