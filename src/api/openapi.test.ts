import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { apiRoutes } from './app';
import type { ApiDependencies } from './dependencies';
import { openApiDocument } from './openapi';
import { API_ERRORS } from './route-doc';

/** Building the routes touches no dependency; only handlers do. */
const routes = apiRoutes({} as ApiDependencies);
const document = openApiDocument(routes);
const VALIDATOR_CLI = require.resolve('@seriousme/openapi-schema-validator/bin/validate-api-cli.js');

/** The maintained validator is an ES module, which jest's CommonJS runtime cannot load: it runs as its own CLI. */
function validate(candidate: unknown): { valid: boolean; errors?: unknown } {
  const directory = mkdtempSync(path.join(tmpdir(), 'openapi-'));
  try {
    const file = path.join(directory, 'openapi.json');
    writeFileSync(file, JSON.stringify(candidate));
    const run = spawnSync(process.execPath, [VALIDATOR_CLI, file], { encoding: 'utf8' });
    return JSON.parse(run.stdout) as { valid: boolean; errors?: unknown };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

it('is a valid OpenAPI 3.1 document', () => {
  expect(document.openapi).toMatch(/^3\.1\./);
  expect(validate(document)).toEqual({ valid: true });
});

it('the validator catches a broken document', () => {
  const broken = { ...document, paths: { '/x': { get: { responses: { 200: { content: 'not an object' } } } } } };
  expect(validate(broken).valid).toBe(false);
});

it('documents every route under its own path and method, with /openapi.json itself', () => {
  const documented = Object.entries(document.paths).flatMap(([documentPath, operations]) =>
    Object.keys(operations).map((method) => `${method.toUpperCase()} ${documentPath.replace(/\{(\w+)\}/g, ':$1')}`),
  );
  expect(documented.sort()).toEqual(routes.map((route) => `${route.method} ${route.path}`).sort());
  expect(documented).toContain('GET /openapi.json');
  expect(new Set(Object.values(document.paths).flatMap((operations) => Object.values(operations).map((operation) => operation.operationId))).size).toBe(routes.length);
});

it('refuses a route without a doc or with undocumented path parameters', () => {
  const handler = async () => ({ status: 200, body: {} });
  expect(() => openApiDocument([{ method: 'GET', path: '/v1/things', access: 'public', handler }])).toThrow('GET /v1/things has no doc');
  const doc = { operationId: 'x', summary: 'x', tag: 'docs', responses: {}, errors: [] } as const;
  expect(() => openApiDocument([{ method: 'GET', path: '/v1/things/:thingId', access: 'public', handler, doc }])).toThrow(/\[thingId\] but its doc names \[\]/);
});

it('needs a bearer key everywhere but /healthz, /openapi.json and the docs page', () => {
  expect(document.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
  expect(document.security).toEqual([{ apiKey: [] }]);
  const open = Object.entries(document.paths).flatMap(([documentPath, operations]) =>
    Object.values(operations)
      .filter((operation) => 'security' in operation)
      .map(() => documentPath),
  );
  expect(open.sort()).toEqual(['/docs', '/docs/assets/{file}', '/healthz', '/openapi.json']);
  expect(document.paths['/v1/dead-letters/{id}/retry']!.post!.responses).toHaveProperty('403');
  expect(document.paths['/v1/dead-letters']!.get!.responses).not.toHaveProperty('403');
  expect(document.paths['/v1/generations']!.post!.responses).toHaveProperty('401');
  expect(document.paths['/v1/generations']!.post!.responses[429]).toMatchObject({ headers: { 'Retry-After': expect.any(Object) } });
});

it('documents every error type, each under its status with the error body', () => {
  const operations = Object.values(document.paths).flatMap((byMethod) => Object.values(byMethod));
  const listed = new Set<string>();
  for (const operation of operations) {
    for (const [status, answer] of Object.entries(operation.responses) as [string, { content: Record<string, { schema: { properties?: Record<string, unknown> } }> }][]) {
      if (Number(status) < 400) continue;
      const errorSchema = answer.content['application/json']?.schema.properties?.error as { properties: { type: { enum?: string[]; const?: string } } } | undefined;
      if (!errorSchema) continue; // /healthz answers 503 with its checks
      const { enum: types, const: onlyType } = errorSchema.properties.type;
      for (const type of types ?? [onlyType!]) {
        expect(API_ERRORS[type as keyof typeof API_ERRORS].status).toBe(Number(status));
        listed.add(type);
      }
    }
  }
  expect([...listed].sort()).toEqual(Object.keys(API_ERRORS).sort());
});

it('takes request bodies from the shared schemas, without the fields the server sets', () => {
  const generation = document.paths['/v1/generations']!.post! as unknown as { requestBody: { content: { 'application/json': { schema: { properties: object; required: string[] } } } } };
  const body = generation.requestBody.content['application/json'].schema;
  expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(['prompt', 'mood', 'durationSeconds', 'segments']));
  expect(body.properties).not.toHaveProperty('jobId');
  expect(body.properties).not.toHaveProperty('policy');
  expect(body.required).toContain('durationSeconds');
  expect(body.required).not.toContain('jobId');
});

it('shows a valid example of every request body', () => {
  for (const { path: routePath, doc } of routes) {
    if (!doc?.body) continue;
    const { schema, serverFields = [], example } = doc.body;
    const result = schema.safeParse(example);
    const problems = result.success ? [] : result.error.issues.filter((issue) => !serverFields.includes(String(issue.path[0])));
    expect({ routePath, problems }).toEqual({ routePath, problems: [] });
  }
});

/** A cursor only ever comes from the previous page's `nextCursor`: any example of it would be a 400. */
const NO_EXAMPLE = new Set(['cursor']);

it('shows an example request for every route: a valid value for each of its parameters but a page cursor', () => {
  for (const { method, path: routePath, doc } of routes) {
    const examples = doc?.parameterExamples ?? {};
    for (const schema of [doc?.params, doc?.query, doc?.headers]) {
      if (!schema) continue;
      const given = Object.fromEntries(Object.keys(schema.shape).map((name) => [name, examples[name]]));
      const missing = Object.keys(given).filter((name) => given[name] === undefined && !NO_EXAMPLE.has(name));
      const result = schema.safeParse(given);
      expect({ route: `${method} ${routePath}`, missing, problems: result.error?.issues ?? [] }).toEqual({ route: `${method} ${routePath}`, missing: [], problems: [] });
    }
    const documented = [doc?.params, doc?.query, doc?.headers].flatMap((schema) => Object.keys(schema?.shape ?? {}));
    expect(Object.keys(examples).filter((name) => !documented.includes(name))).toEqual([]);
  }
});

it('documents the Idempotency-Key header and the dead-letter query with their rules', () => {
  const parameters = (documentPath: string, method: 'get' | 'post') =>
    (document.paths[documentPath]![method]! as unknown as { parameters: { name: string; in: string; schema: object }[] }).parameters;
  expect(parameters('/v1/plans', 'post')).toEqual([{ name: 'Idempotency-Key', in: 'header', required: false, description: expect.any(String), schema: expect.objectContaining({ pattern: expect.any(String) }), example: expect.any(String) }]);
  expect(parameters('/v1/dead-letters', 'get')).toEqual([
    { name: 'status', in: 'query', required: false, schema: expect.objectContaining({ enum: ['open', 'retried', 'aborted', 'expired', 'cancelled'] }), example: 'open' },
    { name: 'limit', in: 'query', required: false, schema: expect.objectContaining({ type: 'integer', minimum: 1, maximum: 500 }), example: '20' },
  ]);
  expect(parameters('/v1/plans/{planId}', 'get')).toEqual([{ name: 'planId', in: 'path', required: true, schema: expect.objectContaining({ format: 'uuid' }), example: expect.any(String) }]);
});

it('serves the document at GET /openapi.json', async () => {
  const route = routes.find((candidate) => candidate.path === '/openapi.json')!;
  if (route.access !== 'public') throw new Error('/openapi.json must be public');
  const answer = await route.handler({ method: 'GET', path: '/openapi.json', params: {}, query: new URLSearchParams(), headers: {}, readBody: async () => undefined });
  expect(answer).toEqual({ status: 200, body: document });
  expect(z.looseObject({ openapi: z.literal('3.1.1') }).safeParse(answer.body).success).toBe(true);
});
