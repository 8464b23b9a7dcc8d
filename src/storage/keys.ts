import { permanentFailure, ErrorType } from '../shared/errors';
import { SAFE_ID_PATTERN, SAFE_ID_RULE } from '../shared/ids';

export function assertSafeId(field: string, value: string): void {
  if (!SAFE_ID_PATTERN.test(value)) {
    throw permanentFailure(ErrorType.InvalidInput, `${field} ${SAFE_ID_RULE}`, { problems: [{ field, rule: SAFE_ID_RULE }] });
  }
}

/** Scratch space of one generation job; the cleanup schedule removes it once it ages out, a cancel at once. */
export function generationScratchPrefix(jobId: string): string {
  assertSafeId('jobId', jobId);
  return `${TEMPORARY_PREFIX}generations/${jobId}/`;
}

export function generationScratchKey(jobId: string, name: string): string {
  return `${generationScratchPrefix(jobId)}${name}`;
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

/** Where a catalog track's audio lives, whether the customer uploaded it or the worker fetched it. */
export function trackSourceKey(customerId: string, trackId: string): string {
  assertSafeId('customerId', customerId);
  assertSafeId('trackId', trackId);
  return `customers/${customerId}/tracks/${trackId}/source`;
}
