import { z } from 'zod';
import { openApiDocument } from './openapi';
import type { Route } from './router';

const documentSchema = z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) });

/** `GET /openapi.json`: the document of the given routes and of itself, built once. */
export function openApiRoutes(documented: readonly Route[]): Route[] {
  const route: Route = {
    method: 'GET',
    path: '/openapi.json',
    access: 'public',
    doc: {
      operationId: 'getOpenApiDocument',
      summary: 'This API described as OpenAPI 3.1',
      tag: 'docs',
      responses: { 200: { description: 'The OpenAPI document', schema: documentSchema } },
      errors: [],
    },
    handler: async () => ({ status: 200, body: document }),
  };
  const document = openApiDocument([...documented, route]);
  return [route];
}
