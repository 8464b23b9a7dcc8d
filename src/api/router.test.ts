import { matchRoute, type Handler, type Route } from './router';

const handler: Handler = async () => ({ status: 200, body: {} });
const other: Handler = async () => ({ status: 202, body: {} });
const show: Route = { method: 'GET', path: '/v1/generations/:jobId', access: 'public', handler };
const submit: Route = { method: 'POST', path: '/v1/generations', access: 'customer', handler: other };
const routes: Route[] = [show, submit, { method: 'POST', path: '/v1/dead-letters/:id/retry', access: 'operator', handler }];

it('finds a route and decodes its parameters', () => {
  expect(matchRoute(routes, 'GET', '/v1/generations/a%20b')).toEqual({ kind: 'found', route: show, params: { jobId: 'a b' } });
  expect(matchRoute(routes, 'POST', '/v1/generations')).toEqual({ kind: 'found', route: submit, params: {} });
  expect(matchRoute(routes, 'POST', '/v1/dead-letters/42/retry')).toMatchObject({ params: { id: '42' } });
});

it('reads a UUID in any case as the lower-case id the API issued, and leaves other parameters as given', () => {
  expect(matchRoute(routes, 'GET', '/v1/generations/AACAF135-A44B-436F-B322-B68E475D6F5D')).toMatchObject({
    params: { jobId: 'aacaf135-a44b-436f-b322-b68e475d6f5d' },
  });
  expect(matchRoute(routes, 'GET', '/v1/generations/Not-A-Uuid')).toMatchObject({ params: { jobId: 'Not-A-Uuid' } });
});

it('answers method-not-allowed with the methods the path accepts', () => {
  expect(matchRoute(routes, 'DELETE', '/v1/generations/x')).toEqual({ kind: 'method-not-allowed', allowed: ['GET'] });
  expect(matchRoute(routes, 'GET', '/v1/generations')).toEqual({ kind: 'method-not-allowed', allowed: ['POST'] });
});

it('does not match unknown paths, extra or empty segments, or broken escapes', () => {
  for (const path of ['/v1/nothing', '/v1/generations/x/y', '/v1/generations/', '/v1/generations/%E0%A4%A', '/']) {
    expect(matchRoute(routes, 'GET', path)).toEqual({ kind: 'not-found' });
  }
});
