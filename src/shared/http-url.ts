import { text } from './text-rules';

function parsedUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * An absolute http(s) URL given by a customer (a reference song, a webhook endpoint). Credentials in a URL
 * (`user:pass@`) are refused rather than stripped: they would travel into history and logs. Where it may
 * point (no private or loopback hosts) is checked where it is resolved (src/providers/url-safety.ts).
 */
export const httpUrl = text(2048)
  .refine((value) => {
    const url = parsedUrl(value);
    return url !== undefined && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  }, 'must be an absolute http(s) URL')
  .refine((value) => {
    const url = parsedUrl(value);
    return url === undefined || (url.username === '' && url.password === '');
  }, 'must not contain a user name or password (user:password@)');
