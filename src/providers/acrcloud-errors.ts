import type { ApplicationFailure } from '@temporalio/common';
import { ErrorType, permanentFailure, transientFailure } from '../shared/errors';

/** What an ACRCloud `status.code` means for us: a song, no song, or a typed failure. */
export type AcrCloudOutcome = { kind: 'match' } | { kind: 'no-match' } | { kind: 'failure'; failure: ApplicationFailure };

/**
 * `status.code` is the signal; the HTTP status is undocumented ⚠ (external-apis.md §2).
 * 3015 is described both as "could not generate fingerprint" and "QPS limit" ⚠: it is retried,
 * since a wrong retry only spends a few attempts while a wrong give-up loses the job.
 * Unknown codes are retried for the same reason.
 */
const CODE_TABLE: ReadonlyMap<number, { permanent: boolean; type: ErrorType; meaning: string }> = new Map([
  [2004, { permanent: true, type: ErrorType.InvalidAudio, meaning: 'fingerprint could not be generated' }],
  [3000, { permanent: false, type: ErrorType.ProviderUnavailable, meaning: 'server error' }],
  [3001, { permanent: true, type: ErrorType.InvalidApiKey, meaning: 'missing or invalid access key' }],
  [3002, { permanent: true, type: ErrorType.InvalidInput, meaning: 'wrong content type' }],
  [3003, { permanent: true, type: ErrorType.QuotaExceeded, meaning: 'limit exceeded' }],
  [3006, { permanent: true, type: ErrorType.InvalidInput, meaning: 'invalid parameters' }],
  [3014, { permanent: true, type: ErrorType.AuthenticationFailed, meaning: 'invalid signature' }],
  [3015, { permanent: false, type: ErrorType.RateLimited, meaning: 'QPS limit or fingerprint failure' }],
  [3016, { permanent: true, type: ErrorType.InvalidInput, meaning: 'file too large' }],
]);

export function mapAcrCloudStatus(code: number, msg: string): AcrCloudOutcome {
  if (code === 0) return { kind: 'match' };
  if (code === 1001) return { kind: 'no-match' };
  const row = CODE_TABLE.get(code) ?? { permanent: false, type: ErrorType.ProviderUnavailable, meaning: 'unknown error' };
  const message = `ACRCloud status ${code}: ${msg.length > 0 ? msg : row.meaning}`;
  return { kind: 'failure', failure: row.permanent ? permanentFailure(row.type, message) : transientFailure(row.type, message) };
}
