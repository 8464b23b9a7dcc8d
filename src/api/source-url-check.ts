import { ApplicationFailure } from '@temporalio/common';
import { allowAnyAddress, assertSafeReferenceUrl, forbiddenAddressRule } from '../providers/url-safety';
import { ErrorType } from '../shared/errors';
import { invalidInput, type Problem } from './http-error';

/**
 * Refuses a URL the worker would refuse to download (a track's source, a generation's reference: scheme, loopback,
 * private, metadata, …) before anything starts: a 400 naming `field`. A DNS outage here is not the customer's fault,
 * so it lets the URL through; the worker checks it again before it downloads.
 */
export function createSourceUrlCheck(allowPrivateSourceHosts: boolean) {
  const addressRule = allowPrivateSourceHosts ? allowAnyAddress : forbiddenAddressRule;
  return async function checkSourceUrl(url: string, field: string, what: string): Promise<void> {
    try {
      await assertSafeReferenceUrl(url, { field, addressRule });
    } catch (error) {
      if (!(error instanceof ApplicationFailure)) throw error;
      if (error.type !== ErrorType.InvalidInput) return;
      const details = error.details?.[0] as { problems?: Problem[] } | undefined;
      throw invalidInput(`Invalid ${what}: ${error.message}`, details?.problems ?? []);
    }
  };
}
