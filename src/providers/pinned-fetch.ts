import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import type { AddressChecker } from './egress-guard';
import type { FetchFn } from './http';

/** Thrown when the checker refuses the host; its refusals say why. */
export class EgressRefusedError extends Error {
  override readonly name = 'EgressRefusedError';
}

function toResponse(answer: IncomingMessage, method: string): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item);
  }
  const status = answer.statusCode ?? 502;
  const bodyless = method === 'HEAD' || status === 204 || status === 304;
  if (bodyless) answer.resume();
  return new Response(bodyless ? null : (Readable.toWeb(answer) as ReadableStream<Uint8Array>), { status, statusText: answer.statusMessage, headers });
}

/**
 * A fetch for downloads from user-given URLs: the host is resolved once, every address is
 * checked, and the connection goes to the checked address (the socket's DNS lookup is answered
 * with it), so a second DNS answer cannot point the download inside our network. Redirects are
 * never followed here (the caller checks each hop and asks again). A body is sent when given as text or bytes.
 */
export function pinnedFetch(checker: AddressChecker): FetchFn {
  return (async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`unsupported protocol ${url.protocol}`);
    const address = await checker.check(url.hostname);
    if (address === undefined) throw new EgressRefusedError(`refused to connect to ${url.hostname}`);
    const family = isIP(address);
    // Node asks with { all: true } when it may try several addresses: it gets the one checked.
    const lookup: LookupFunction = (_hostname, options, callback) => {
      if ((options as { all?: boolean }).all) (callback as (error: null, addresses: { address: string; family: number }[]) => void)(null, [{ address, family }]);
      else callback(null, address, family);
    };
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Response>((resolve, reject) => {
      const req = send(url, { method, headers, lookup, ...(init.signal ? { signal: init.signal } : {}) }, (answer) => resolve(toResponse(answer, method)));
      req.on('error', reject);
      req.end(typeof init.body === 'string' || init.body instanceof Uint8Array ? init.body : undefined);
    });
  }) as FetchFn;
}
