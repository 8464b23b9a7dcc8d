import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { findCaller, type Caller } from './api-key-store';
import { bearerToken } from './api-keys';
import { deadLetterRoutes } from './dead-letter-routes';
import { docsRoutes } from './docs-routes';
import type { ApiDependencies } from './dependencies';
import { generationRoutes } from './generation-routes';
import { healthRoutes } from './health-routes';
import { HttpError, notFound } from './http-error';
import { readJsonBody } from './json-body';
import { openApiRoutes } from './openapi-routes';
import { planRoutes } from './plan-routes';
import { trackImportRoutes } from './track-import-routes';
import { trackRoutes } from './track-routes';
import { webhookRoutes } from './webhook-routes';
import { RateLimiter } from './rate-limit';
import { matchRoute, type ApiRequest, type ApiResponse, type Route } from './router';

export function apiRoutes(deps: ApiDependencies): Route[] {
  const routes = [
    ...healthRoutes(deps),
    ...generationRoutes(deps),
    ...deadLetterRoutes(deps),
    ...planRoutes(deps),
    ...trackRoutes(deps),
    ...trackImportRoutes(deps),
    ...webhookRoutes(deps),
    ...docsRoutes(),
  ];
  return [...routes, ...openApiRoutes(routes)];
}

/**
 * On every answer unless a route sets its own (the docs page's policy): answers carry one customer's data, so no
 * cache keeps them; a browser that opens one (the SVG chart, a JSON error) runs nothing in it, frames it nowhere and
 * sniffs no other type from it.
 */
const DEFAULT_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function send(response: ServerResponse, { status, body, contentType, headers = {} }: ApiResponse): void {
  if (status === 204) {
    response.writeHead(204, { ...DEFAULT_HEADERS, ...headers }).end();
    return;
  }
  const payload = Buffer.isBuffer(body) ? body : contentType ? String(body) : JSON.stringify(body);
  response.writeHead(status, {
    ...DEFAULT_HEADERS,
    'content-type': contentType ?? 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    ...headers,
  });
  response.end(payload);
}

/** One answer for a missing, malformed, unknown or revoked key, so none can be told from another. */
function unauthorized(): HttpError {
  return new HttpError(401, 'Unauthorized', 'A valid API key is required: send Authorization: Bearer <key>', {}, { 'www-authenticate': 'Bearer realm="infinitymix"' });
}

/**
 * The HTTP API on node:http: a handful of routes and JSON bodies need no framework. Every answer is JSON but the
 * SVG plan chart; errors are `{error: {type, message, ...}}`; each request is logged once with method, path, status and duration
 * (never headers, query or body, which may carry customer text or credentials).
 */
export function createApiServer(deps: ApiDependencies): Server {
  const routes = apiRoutes(deps);
  const { logger, db } = deps;
  const rateLimiter = new RateLimiter(deps.limits.requestsPerMinutePerCustomer);

  async function authenticate(request: IncomingMessage): Promise<Caller> {
    const token = bearerToken(request.headers.authorization);
    const caller = token === undefined ? undefined : await findCaller(db, token);
    if (!caller) throw unauthorized();
    return caller;
  }

  function authorize(caller: Caller, route: Route): void {
    if (route.access === 'operator' && caller.scope !== 'operator') {
      throw new HttpError(403, 'Forbidden', `${route.method} ${route.path} needs an operator key`);
    }
  }

  function enforceRateLimit(caller: Caller): void {
    const rate = rateLimiter.take(caller.customerId);
    if (!rate.allowed) {
      throw new HttpError(
        429,
        'RateLimited',
        `Over the limit of ${rateLimiter.perMinute} requests a minute per customer; retry in ${rate.retryAfterSeconds} s`,
        { limit: 'RATE_LIMIT_PER_MINUTE', requestsPerMinute: rateLimiter.perMinute, retryAfterSeconds: rate.retryAfterSeconds },
        { 'retry-after': String(rate.retryAfterSeconds) },
      );
    }
  }

  /** What the request turned out to be, filled in as it is learnt: for the log line and the metrics. */
  interface Seen {
    caller?: Caller;
    /** The matched route's pattern (`/v1/plans/:planId`), never the path itself, which carries ids. */
    route?: string;
  }

  async function answer(request: IncomingMessage, path: string, query: URLSearchParams, seen: Seen): Promise<ApiResponse> {
    const method = request.method ?? 'GET';
    const match = matchRoute(routes, method, path);
    if (match.kind === 'not-found') throw notFound(`No route for ${method} ${path}`);
    if (match.kind === 'found') seen.route = match.route.path;
    if (match.kind === 'method-not-allowed') {
      throw new HttpError(405, 'MethodNotAllowed', `${method} is not allowed on ${path}`, { allowed: match.allowed }, { allow: match.allowed.join(', ') });
    }
    const apiRequest: ApiRequest = {
      method,
      path,
      params: match.params,
      query,
      headers: request.headers,
      readBody: () => readJsonBody(request, request.headers, deps.bodyLimitBytes),
    };
    const { route } = match;
    if (route.access === 'public') return route.handler(apiRequest);
    const caller = await authenticate(request);
    seen.caller = caller;
    authorize(caller, route);
    enforceRateLimit(caller);
    return route.handler({ ...apiRequest, caller });
  }

  return createServer((request, response) => {
    const started = performance.now();
    // Prefixing (rather than resolving against a base) keeps a path like `//x` a path, not a host.
    const target = request.url?.startsWith('/') ? request.url : '/';
    const url = new URL(`http://api.invalid${target}`);
    const seen: Seen = {};
    response.on('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      deps.metrics.observeRequest(request.method ?? 'GET', seen.route ?? 'unmatched', response.statusCode, seconds);
      logger.info('http request', {
        method: request.method,
        path: url.pathname,
        status: response.statusCode,
        ms: Math.round(seconds * 1000),
        customerId: seen.caller?.customerId,
        keyId: seen.caller?.keyId,
      });
    });
    answer(request, url.pathname, url.searchParams, seen).then(
      (result) => send(response, result),
      (error: unknown) => {
        if (error instanceof HttpError) {
          send(response, { status: error.status, body: error.body, headers: error.headers });
          return;
        }
        logger.error('request failed', { method: request.method, path: url.pathname, error });
        send(response, { status: 500, body: { error: { type: 'InternalError', message: 'The request could not be completed' } } });
      },
    );
  });
}
