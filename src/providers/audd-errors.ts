import type { ApplicationFailure } from '@temporalio/common';
import { ErrorType, permanentFailure, transientFailure } from '../shared/errors';

/**
 * AudD reports errors inside HTTP 200 as `{status:"error", error:{error_code, error_message}}`
 * (external-apis.md §2; AudD's OpenAPI and SDK error list). Codes not listed here are retried:
 * a bounded number of attempts then dead-lettering is safer than failing a job on a code we do not know.
 */
const PERMANENT_CODES: ReadonlyMap<number, { type: ErrorType; meaning: string }> = new Map([
  [900, { type: ErrorType.InvalidApiKey, meaning: 'invalid API token' }],
  [901, { type: ErrorType.AuthenticationFailed, meaning: 'no API token and the free limit is used up' }],
  [903, { type: ErrorType.AuthenticationFailed, meaning: 'API token not accepted' }],
  [902, { type: ErrorType.QuotaExceeded, meaning: 'quota exceeded' }],
  [904, { type: ErrorType.AuthenticationFailed, meaning: 'the plan does not cover this endpoint' }],
  [905, { type: ErrorType.AuthenticationFailed, meaning: 'the plan does not cover this endpoint' }],
  [50, { type: ErrorType.InvalidInput, meaning: 'invalid request' }],
  [51, { type: ErrorType.InvalidInput, meaning: 'invalid request' }],
  [600, { type: ErrorType.InvalidInput, meaning: 'invalid request' }],
  [601, { type: ErrorType.InvalidInput, meaning: 'invalid request' }],
  [602, { type: ErrorType.InvalidInput, meaning: 'invalid request' }],
  [700, { type: ErrorType.InvalidInput, meaning: 'no file or URL in the request' }],
  [701, { type: ErrorType.InvalidInput, meaning: 'invalid request' }],
  [702, { type: ErrorType.InvalidInput, meaning: 'invalid request' }],
  [906, { type: ErrorType.InvalidInput, meaning: 'invalid request' }],
  [300, { type: ErrorType.InvalidAudio, meaning: 'audio could not be decoded' }],
  [400, { type: ErrorType.InvalidAudio, meaning: 'audio could not be decoded' }],
  [500, { type: ErrorType.InvalidAudio, meaning: 'audio could not be decoded' }],
  [19, { type: ErrorType.AccountSuspended, meaning: 'access blocked' }],
  [31337, { type: ErrorType.AccountSuspended, meaning: 'access blocked' }],
  [20, { type: ErrorType.InvalidInput, meaning: 'the client must be updated' }],
]);

const TRANSIENT_CODES: ReadonlyMap<number, { type: ErrorType; meaning: string }> = new Map([
  [611, { type: ErrorType.RateLimited, meaning: 'rate limit' }],
  [100, { type: ErrorType.ProviderUnavailable, meaning: 'server error' }],
  [1000, { type: ErrorType.ProviderUnavailable, meaning: 'server error' }],
]);
const UNKNOWN_CODE = { type: ErrorType.ProviderUnavailable, meaning: 'unknown error' };

export function mapAuddError(errorCode: number, errorMessage: string): ApplicationFailure {
  const permanent = PERMANENT_CODES.get(errorCode);
  const transient = TRANSIENT_CODES.get(errorCode) ?? UNKNOWN_CODE;
  const detail = errorMessage.length > 0 ? errorMessage : (permanent ?? transient).meaning;
  const message = `AudD error ${errorCode}: ${detail}`;
  return permanent !== undefined ? permanentFailure(permanent.type, message) : transientFailure(transient.type, message);
}
