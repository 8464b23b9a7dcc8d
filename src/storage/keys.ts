import { permanentFailure, ErrorType } from '../shared/errors';

/** Ids that become part of a storage key: no slashes, dots or spaces, so a key cannot escape its prefix. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export function assertSafeId(field: string, value: string): void {
  if (!SAFE_ID.test(value)) {
    throw permanentFailure(
      ErrorType.InvalidInput,
      `${field} must be 1-128 characters of letters, digits, '-' or '_' and start with a letter or digit`,
      { field, rule: 'safe-identifier' },
    );
  }
}

/** Prefix for scratch audio that the cleanup schedule deletes after it ages out. */
export const TEMPORARY_PREFIX = 'tmp/';

export function generationKeys(customerId: string, jobId: string) {
  assertSafeId('customerId', customerId);
  assertSafeId('jobId', jobId);
  const base = `customers/${customerId}/generations/${jobId}`;
  return { master: `${base}/master.wav`, preview: `${base}/preview.mp3`, metadata: `${base}/metadata.json` };
}

export function usageReportKey(periodStart: Date, periodEnd: Date): string {
  const day = (date: Date) => date.toISOString().replace(/[:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  return `reports/usage/${day(periodStart)}_${day(periodEnd)}.csv`;
}
