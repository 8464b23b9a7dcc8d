import type { ApplicationFailure } from '@temporalio/common';
import { ErrorType, permanentFailure, transientFailure } from '../shared/errors';

/** The fetch function a client uses; tests and config may pass their own. */
export type FetchFn = typeof fetch;

const MAX_MESSAGE_LENGTH = 300;
const TOKEN_LIKE = /\b(?:sk|pk|key|token|bearer)[-_][A-Za-z0-9*_-]{6,}/gi;

/**
 * Provider messages go into failures that Temporal stores and the Web UI shows, so they are
 * shortened and scrubbed: some providers echo a (partly masked) key back in their error text.
 */
export function sanitizeProviderMessage(text: string, secrets: readonly string[] = []): string {
  let clean = text.replace(/\s+/g, ' ').trim();
  for (const secret of secrets) {
    if (secret.length > 0) clean = clean.split(secret).join('[redacted]');
  }
  clean = clean.replace(TOKEN_LIKE, '[redacted]');
  return clean.length > MAX_MESSAGE_LENGTH ? `${clean.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : clean;
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3); anything else is ignored. */
export function parseRetryAfterMs(header: string | null | undefined, nowMs: number = Date.now()): number | undefined {
  if (header === null || header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Reads a body as JSON when it is JSON; error bodies from proxies and gateways often are not. */
export async function readJsonBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Connection refused, DNS failure, reset or our own timeout: always worth another attempt. */
export function networkFailure(provider: string, error: unknown): ApplicationFailure {
  // DOMException from AbortSignal.timeout is not always `instanceof Error` (other realm), so look at the name.
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  const reason = name === 'TimeoutError' || name === 'AbortError' ? 'request timed out' : describeNetworkError(error);
  return transientFailure(ErrorType.ProviderUnavailable, `${provider}: network error (${reason})`);
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const cause = (error as Error & { cause?: unknown }).cause;
  const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : error.message;
}

/** fetch with a per-request timeout; network errors become transient failures. */
export async function fetchOrFail(
  provider: string,
  fetchFn: FetchFn,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<Response> {
  try {
    return await fetchFn(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw networkFailure(provider, error);
  }
}

/**
 * For answers outside a provider's documented error body (gateways, proxies, undocumented
 * statuses): auth refusals are permanent, rate limits and server trouble are retried.
 */
export function mapHttpStatus(provider: string, status: number, retryAfterMs?: number): ApplicationFailure {
  const message = `${provider}: HTTP ${status}`;
  if (status === 401 || status === 403) return permanentFailure(ErrorType.AuthenticationFailed, message);
  if (status === 429) return transientFailure(ErrorType.RateLimited, message, retryAfterMs);
  if (status === 408 || status >= 500) return transientFailure(ErrorType.ProviderUnavailable, message, retryAfterMs);
  return permanentFailure(ErrorType.InvalidInput, message);
}
