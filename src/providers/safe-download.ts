import type { ApplicationFailure } from '@temporalio/common';
import { ErrorType, permanentFailure, transientFailure } from '../shared/errors';
import { createAddressChecker, type EgressRefusal } from './egress-guard';
import { fetchOrFail, parseRetryAfterMs, type FetchFn } from './http';
import { pinnedFetch } from './pinned-fetch';
import { assertSafeReferenceUrl, type AddressRule, type LookupAll } from './url-safety';

const MAX_REDIRECTS = 5;

export interface SafeFetchSettings {
  /** The request field failures name (`referenceUrl`, `sourceUrl`). */
  field: string;
  /** forbiddenAddressRule unless set (tests reach their local server with allowAnyAddress). */
  addressRule?: AddressRule;
  resolve?: LookupAll;
  /** Per request, body included. */
  timeoutMs: number;
}

/** A pinned fetch for `settings` (pinnedFetch) and the checker whose refusals say why a host was refused. */
export function safeFetcher(settings: SafeFetchSettings): { fetchFn: FetchFn; refusals: readonly EgressRefusal[] } {
  const checker = createAddressChecker({ resolve: settings.resolve, addressRule: settings.addressRule });
  return { fetchFn: pinnedFetch(checker), refusals: checker.refusals };
}

/**
 * GET of a user-given URL: the URL is checked first and again at every redirect (fetch would follow them
 * blindly), and every connection goes to an address the checker allowed. A refused host is the
 * customer's fault (InvalidInput naming the field); a network error is worth a retry.
 */
export async function fetchUserUrl(url: string, settings: SafeFetchSettings & { fetchFn: FetchFn; refusals: readonly EgressRefusal[] }): Promise<{ response: Response; finalUrl: URL }> {
  let current = await assertSafeReferenceUrl(url, settings);
  try {
    for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
      const response = await fetchOrFail(settings.field, settings.fetchFn, current.href, { method: 'GET', redirect: 'manual' }, settings.timeoutMs);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || location === null) return { response, finalUrl: current };
      await response.body?.cancel();
      current = await assertSafeReferenceUrl(new URL(location, current).href, settings);
    }
  } catch (error) {
    const refused = settings.refusals[0];
    throw refused === undefined ? error : refusalFailure(settings.field, refused, 'the URL');
  }
  throw permanentFailure(ErrorType.ReferenceUnavailable, `${settings.field}: more than ${MAX_REDIRECTS} redirects`);
}

/** A host the egress checks refused: the customer's URL is at fault, so retrying cannot help. */
export function refusalFailure(field: string, refused: EgressRefusal, source: 'the URL' | 'the page'): ApplicationFailure {
  const where = refused.address === undefined || refused.address === refused.host ? `host ${refused.host}` : `host ${refused.host} (${refused.address})`;
  const rule = `${source} led to ${where}, which ${refused.address === undefined ? refused.rule : `is a ${refused.rule}`}; not allowed`;
  return permanentFailure(ErrorType.InvalidInput, `${field}: ${rule}`, { field, rule });
}

/** A download that answered other than 2xx: rate limits and server trouble are retried, the rest is final. */
export function downloadStatusFailure(field: string, response: Response): ApplicationFailure {
  const message = `${field}: audio download answered HTTP ${response.status}`;
  if (response.status === 429) return transientFailure(ErrorType.RateLimited, message, parseRetryAfterMs(response.headers.get('retry-after')));
  if (response.status === 408 || response.status >= 500) return transientFailure(ErrorType.ProviderUnavailable, message);
  return permanentFailure(ErrorType.ReferenceUnavailable, message);
}
