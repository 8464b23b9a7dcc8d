import { z } from 'zod';
import { errorBodySchema } from './response-schemas';
import { API_ERRORS, type ApiErrorType, type ResponseDoc, type RouteDoc } from './route-doc';
import type { Route } from './router';

/**
 * The OpenAPI 3.1 document of the API, generated from the routes themselves: each route's `doc` names the
 * zod schemas its handler validates with, and zod turns them into JSON Schema 2020-12 (OpenAPI 3.1's dialect).
 * Requests are documented as the schema's input (before defaults and transforms), responses as its output.
 * Refinements across fields (e.g. "at least one of prompt, mood or referenceUrl") have no JSON Schema form:
 * a request that breaks one gets the documented 400.
 */

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[]; description?: string };

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
  example?: string;
}

export const SECURITY_SCHEME = 'apiKey';

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'throw' }) as JsonSchema;
  return rest;
}

/** The request body's schema without the fields only the server sets. */
function bodySchema({ schema, serverFields = [] }: NonNullable<RouteDoc['body']>): JsonSchema {
  const json = jsonSchema(schema, 'input');
  for (const field of serverFields) delete json.properties?.[field];
  if (json.required) json.required = json.required.filter((field) => !serverFields.includes(field));
  return json;
}

function parameters(location: Parameter['in'], schema: z.ZodObject | undefined, examples: RouteDoc['parameterExamples'] = {}): Parameter[] {
  if (!schema) return [];
  const json = jsonSchema(schema, 'input');
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    ...(property.description ? { description: property.description } : {}),
    schema: property,
    ...(examples[name] !== undefined ? { example: examples[name] } : {}),
  }));
}

/** `/v1/plans/:planId` → `/v1/plans/{planId}`, refusing a route whose path parameters are not all documented. */
function openApiPath({ path, doc }: Route): string {
  const names = path
    .split('/')
    .filter((segment) => segment.startsWith(':'))
    .map((segment) => segment.slice(1));
  const documented = Object.keys(doc?.params?.shape ?? {});
  if (names.join() !== documented.join()) {
    throw new Error(`OpenAPI: ${path} has path parameters [${names.join(', ')}] but its doc names [${documented.join(', ')}]`);
  }
  return path.replace(/:([A-Za-z]+)/g, '{$1}');
}

function errorsOf(route: Route, doc: RouteDoc): ApiErrorType[] {
  const errors = new Set<ApiErrorType>(doc.errors);
  if (doc.body || doc.query || doc.headers) errors.add('InvalidInput');
  if (doc.body) {
    errors.add('PayloadTooLarge');
    errors.add('UnsupportedMediaType');
  }
  if (route.access !== 'public') {
    errors.add('Unauthorized');
    errors.add('RateLimited');
  }
  if (route.access === 'operator') errors.add('Forbidden');
  errors.add('InternalError');
  return [...errors];
}

function response({ description, schema, contentType, headers = {} }: ResponseDoc) {
  return {
    description,
    ...(Object.keys(headers).length > 0
      ? { headers: Object.fromEntries(Object.entries(headers).map(([name, about]) => [name, { description: about, schema: { type: 'string' } }])) }
      : {}),
    ...(schema ? { content: Object.fromEntries([contentType ?? 'application/json'].flat().map((type) => [type, { schema: jsonSchema(schema, 'output') }])) } : {}),
  };
}

/** One response per status, listing every error type the route can answer with it. */
function errorResponses(errors: readonly ApiErrorType[]) {
  const byStatus = new Map<number, ApiErrorType[]>();
  for (const type of errors) byStatus.set(API_ERRORS[type].status, [...(byStatus.get(API_ERRORS[type].status) ?? []), type]);
  return Object.fromEntries(
    [...byStatus].map(([status, types]) => [
      status,
      response({
        description: types.map((type) => `\`${type}\`: ${API_ERRORS[type].when}`).join('; '),
        schema: errorBodySchema(types as [ApiErrorType, ...ApiErrorType[]]),
        headers: status === 429 ? { 'Retry-After': 'Seconds to wait before trying again' } : {},
      }),
    ]),
  );
}

function operation(route: Route, doc: RouteDoc) {
  const accessNote = { public: 'No API key needed.', customer: 'Any API key; a customer key sees only its own objects.', operator: 'An operator key.' }[route.access];
  return {
    operationId: doc.operationId,
    summary: doc.summary,
    description: [doc.description, accessNote].filter(Boolean).join('\n\n'),
    tags: [doc.tag],
    ...(route.access === 'public' ? { security: [] } : {}),
    parameters: [
      ...parameters('path', doc.params, doc.parameterExamples),
      ...parameters('query', doc.query, doc.parameterExamples),
      ...parameters('header', doc.headers, doc.parameterExamples),
    ],
    ...(doc.body ? { requestBody: { required: true, content: { 'application/json': { schema: bodySchema(doc.body), example: doc.body.example } } } } : {}),
    responses: {
      ...Object.fromEntries(Object.entries(doc.responses).map(([status, answer]) => [status, response(answer)])),
      ...errorResponses(errorsOf(route, doc)),
    },
  };
}

export function openApiDocument(routes: readonly Route[]) {
  const paths: Record<string, Record<string, ReturnType<typeof operation>>> = {};
  for (const route of routes) {
    if (!route.doc) throw new Error(`OpenAPI: ${route.method} ${route.path} has no doc`);
    const path = openApiPath(route);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(route, route.doc) };
  }
  return {
    openapi: '3.1.1',
    info: {
      title: 'InfinityMix API',
      version: '1.0.0',
      description: 'Music generation, Auto DJ plans and dead letters as durable Temporal workflows. Errors are `{error: {type, message, ...}}`.',
    },
    tags: [
      { name: 'generations', description: 'Music generation jobs' },
      { name: 'plans', description: 'Auto DJ plans' },
      { name: 'tracks', description: "Your catalog: tracks you upload or link, analysed and fingerprinted for plans and identification" },
      { name: 'dead letters', description: 'Jobs parked after a step ran out of attempts (operators)' },
      { name: 'webhooks', description: 'Signed event deliveries to your endpoints (docs/webhooks.md)' },
      { name: 'health', description: 'Readiness' },
      { name: 'docs', description: 'This document, and the page at /docs that shows it' },
    ],
    security: [{ [SECURITY_SCHEME]: [] }],
    components: {
      securitySchemes: {
        [SECURITY_SCHEME]: { type: 'http', scheme: 'bearer', description: 'An API key: `Authorization: Bearer <key>` (`npm run keys -- create`).' },
      },
    },
    paths,
  };
}
