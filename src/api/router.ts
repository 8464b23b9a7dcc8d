import type { IncomingHttpHeaders } from 'node:http';
import type { Caller } from './api-key-store';
import type { RouteDoc } from './route-doc';

export interface ApiRequest {
  method: string;
  path: string;
  /** Values of the route's `:name` segments, already URL-decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The JSON body, read on demand so routes without one never wait for it. */
  readBody(): Promise<unknown>;
}

/** A request whose API key was checked: every route but the public ones gets one. */
export interface AuthenticatedRequest extends ApiRequest {
  caller: Caller;
}

export interface ApiResponse {
  status: number;
  /** Sent as JSON, unless `contentType` is set: then it is text (or a Buffer) sent as it is. Ignored on 204. */
  body: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

export type Handler = (request: ApiRequest) => Promise<ApiResponse>;
export type AuthenticatedHandler = (request: AuthenticatedRequest) => Promise<ApiResponse>;

interface RouteShape {
  method: 'GET' | 'POST' | 'DELETE';
  /** Literal segments and `:name` parameters, e.g. `/v1/generations/:jobId`. */
  path: string;
  /** What /openapi.json says about the route (src/api/openapi.ts); every API route has one. */
  doc?: RouteDoc;
}

/**
 * Who may call a route: anyone (`public`), any valid API key (`customer`: handlers scope what they read and
 * do to the key's customer unless the key is an operator's), or operator keys only (`operator`).
 */
export type Route =
  | (RouteShape & { access: 'public'; handler: Handler })
  | (RouteShape & { access: 'customer' | 'operator'; handler: AuthenticatedHandler });

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

/** UUIDs compare without regard to case (RFC 9562); every id this API issues is one, written in lower case. */
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const wanted = pattern.split('/');
  const given = path.split('/');
  if (wanted.length !== given.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of wanted.entries()) {
    const value = given[index]!;
    if (segment.startsWith(':')) {
      if (value === '') return undefined;
      try {
        const decoded = decodeURIComponent(value);
        params[segment.slice(1)] = UUID_PATTERN.test(decoded) ? decoded.toLowerCase() : decoded;
      } catch {
        return undefined;
      }
    } else if (segment !== value) {
      return undefined;
    }
  }
  return params;
}

/** Finds the route for a request; a known path with another method is a 405 (with Allow), not a 404. */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  const allowed: string[] = [];
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (!params) continue;
    if (route.method === method) return { kind: 'found', route, params };
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
}
