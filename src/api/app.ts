import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { deadLetterRoutes } from './dead-letter-routes';
import type { ApiDependencies } from './dependencies';
import { generationRoutes } from './generation-routes';
import { healthRoutes } from './health-routes';
import { HttpError, notFound } from './http-error';
import { readJsonBody } from './json-body';
import { openApiRoutes } from './openapi-routes';
import { planRoutes } from './plan-routes';
import { matchRoute, type ApiResponse, type Route } from './router';

export function apiRoutes(deps: ApiDependencies): Route[] {
  const routes = [...healthRoutes(deps), ...generationRoutes(deps), ...deadLetterRoutes(deps), ...planRoutes(deps)];
  return [...routes, ...openApiRoutes(routes)];
}

function send(response: ServerResponse, { status, body, contentType, headers = {} }: ApiResponse): void {
  const text = contentType ? String(body) : JSON.stringify(body);
  response.writeHead(status, { 'content-type': contentType ?? 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/**
 * The HTTP API on node:http: a handful of routes and JSON bodies need no framework. Every answer is JSON but the
 * SVG plan chart; errors are `{error: {type, message, ...}}`; each request is logged once with method, path, status and duration
 * (never headers, query or body, which may carry customer text or credentials).
 */
export function createApiServer(deps: ApiDependencies): Server {
  const routes = apiRoutes(deps);
  const { logger } = deps;

  async function answer(request: IncomingMessage, path: string, query: URLSearchParams): Promise<ApiResponse> {
    const method = request.method ?? 'GET';
    const match = matchRoute(routes, method, path);
    if (match.kind === 'not-found') throw notFound(`No route for ${method} ${path}`);
    if (match.kind === 'method-not-allowed') {
      throw new HttpError(405, 'MethodNotAllowed', `${method} is not allowed on ${path}`, { allowed: match.allowed }, { allow: match.allowed.join(', ') });
    }
    return match.handler({
      method,
      path,
      params: match.params,
      query,
      headers: request.headers,
      readBody: () => readJsonBody(request, request.headers, deps.bodyLimitBytes),
    });
  }

  return createServer((request, response) => {
    const started = performance.now();
    // Prefixing (rather than resolving against a base) keeps a path like `//x` a path, not a host.
    const target = request.url?.startsWith('/') ? request.url : '/';
    const url = new URL(`http://api.invalid${target}`);
    response.on('finish', () => {
      logger.info('http request', {
        method: request.method,
        path: url.pathname,
        status: response.statusCode,
        ms: Math.round(performance.now() - started),
      });
    });
    answer(request, url.pathname, url.searchParams).then(
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
