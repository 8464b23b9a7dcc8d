import type { ApplicationFailure } from '@temporalio/common';
import { ErrorType, permanentFailure, transientFailure } from '../shared/errors';

/** OpenAI-compatible error bodies are `{error:{message,type,param,code}}` (external-apis.md §5). */
export interface OpenAiErrorBody {
  message: string;
  type?: string;
  code?: string;
}

export function parseOpenAiErrorBody(body: unknown): OpenAiErrorBody {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const error = typeof record.error === 'object' && record.error !== null ? (record.error as Record<string, unknown>) : {};
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  return { message: text(error.message) ?? '', type: text(error.type), code: text(error.code) };
}

/**
 * 400 invalid request, 401 bad key/org/IP, 403 unsupported country, 404 unknown model: no retry.
 * 429 is a rate limit (retry after) unless its code or type says `insufficient_quota` (no retry).
 * 500/503 and other 5xx: retry. The 429 split reads the structured code, never the text.
 */
export function mapOpenAiError(status: number, body: OpenAiErrorBody, retryAfterMs?: number): ApplicationFailure {
  const detail = body.message.length > 0 ? body.message : `HTTP ${status}`;
  const message = `Chat API: ${detail}${body.code === undefined ? '' : ` (${body.code})`}`;
  if (status === 400 || status === 404 || status === 422) return permanentFailure(ErrorType.InvalidInput, message);
  if (status === 401) return permanentFailure(ErrorType.InvalidApiKey, message);
  if (status === 403) return permanentFailure(ErrorType.AuthenticationFailed, message);
  if (status === 429) {
    return body.code === 'insufficient_quota' || body.type === 'insufficient_quota'
      ? permanentFailure(ErrorType.QuotaExceeded, message)
      : transientFailure(ErrorType.RateLimited, message, retryAfterMs);
  }
  if (status === 408 || status === 409 || status >= 500) return transientFailure(ErrorType.ProviderUnavailable, message, retryAfterMs);
  return permanentFailure(ErrorType.InvalidInput, message);
}
