import type { ApplicationFailure } from '@temporalio/common';
import { ErrorType, permanentFailure, transientFailure } from '../shared/errors';

/** Mureka error bodies are `{"error":{"message"},"trace_id"}` (external-apis.md §1). */
export interface MurekaErrorBody {
  message: string;
  traceId?: string;
}

export function parseMurekaErrorBody(body: unknown): MurekaErrorBody {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const error = typeof record.error === 'object' && record.error !== null ? (record.error as Record<string, unknown>) : {};
  return {
    message: typeof error.message === 'string' ? error.message : '',
    traceId: typeof record.trace_id === 'string' ? record.trace_id : undefined,
  };
}

/**
 * Mureka answers 429 both for a rate limit and for an exhausted quota; only the message tells
 * them apart. This is the one documented place where text decides, and it stays in the client.
 * An unrecognised 429 counts as a rate limit: a wrong retry costs little, a wrong give-up loses the job.
 */
const QUOTA_MESSAGE = /quota|insufficient|balance|credit/i;

/**
 * The official error table: 400 invalid parameters, 401 bad key, 403 unsupported region,
 * 429 rate limit or quota, 451 content review, 500 server error, 503 overloaded.
 */
export function mapMurekaError(status: number, body: MurekaErrorBody, retryAfterMs?: number): ApplicationFailure {
  const detail = body.message.length > 0 ? body.message : `HTTP ${status}`;
  const trace = body.traceId === undefined ? '' : ` (trace ${body.traceId})`;
  const message = `Mureka: ${detail}${trace}`;
  if (status === 400) return permanentFailure(ErrorType.InvalidInput, message);
  if (status === 401) return permanentFailure(ErrorType.InvalidApiKey, message);
  if (status === 403) return permanentFailure(ErrorType.AuthenticationFailed, message);
  if (status === 429) {
    return QUOTA_MESSAGE.test(body.message)
      ? permanentFailure(ErrorType.QuotaExceeded, message)
      : transientFailure(ErrorType.RateLimited, message, retryAfterMs);
  }
  if (status === 451) return permanentFailure(ErrorType.ContentPolicyViolation, message);
  if (status === 408 || status >= 500) return transientFailure(ErrorType.ProviderUnavailable, message, retryAfterMs);
  return permanentFailure(ErrorType.InvalidInput, message);
}
