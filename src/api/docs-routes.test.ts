import type { Route } from './router';
import { docsRoutes, DOCS_CONTENT_SECURITY_POLICY } from './docs-routes';
import { HttpError } from './http-error';

const routes = docsRoutes();

async function get(path: string, params: Record<string, string> = {}) {
  const route = routes.find((candidate) => candidate.path === path) as Extract<Route, { access: 'public' }>;
  return route.handler({ method: 'GET', path, params, query: new URLSearchParams(), headers: {}, readBody: async () => undefined });
}

it('serves a page whose scripts are all files of this origin, under a policy that forbids inline script', async () => {
  const page = await get('/docs');
  expect(page).toMatchObject({ status: 200, contentType: expect.stringMatching(/^text\/html/), headers: { 'content-security-policy': DOCS_CONTENT_SECURITY_POLICY } });
  expect(DOCS_CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
  expect(DOCS_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe|https?:/);
  const html = String(page.body);
  const scripts = [...html.matchAll(/<script([^>]*)>([^<]*)<\/script>/g)];
  expect(scripts.length).toBeGreaterThan(0);
  for (const [, attributes, content] of scripts) {
    expect(attributes).toMatch(/src="\/docs\/assets\/[\w.-]+"/);
    expect(content!.trim()).toBe('');
  }
  expect(html).not.toMatch(/https?:\/\//);
});

it("serves Swagger UI's bundle from node_modules and the script that points it at /openapi.json", async () => {
  const bundle = await get('/docs/assets/:file', { file: 'swagger-ui-bundle.js' });
  expect(bundle).toMatchObject({ status: 200, contentType: expect.stringMatching(/^text\/javascript/) });
  expect(String(bundle.body)).toContain('SwaggerUIBundle');
  const init = await get('/docs/assets/:file', { file: 'docs-init.js' });
  expect(String(init.body)).toContain("url: '/openapi.json'");
});

it('answers 404 for any other file name, so no path reaches the disk', async () => {
  for (const file of ['package.json', '../../package.json', 'index.html']) {
    await expect(get('/docs/assets/:file', { file })).rejects.toMatchObject({ status: 404 } satisfies Partial<HttpError>);
  }
});
