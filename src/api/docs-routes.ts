import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { notFound } from './http-error';
import { docsAssetSchema, docsPageSchema } from './response-schemas';
import type { ApiResponse, Route } from './router';

/**
 * `GET /docs`: /openapi.json in Swagger UI (npm `swagger-ui-dist`), every file served by the API itself, so the
 * page works offline and under a Content-Security-Policy that allows nothing from elsewhere and no inline script.
 */

const SWAGGER_UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const ASSETS_PATH = '/docs/assets';

/**
 * Starts Swagger UI on /openapi.json once the bundle has loaded: a file of its own, since the policy below
 * forbids inline script. No `servers` in the document, so "Try it out" calls the origin the page came from;
 * no validator badge, which would call validator.swagger.io.
 */
const INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    docExpansion: 'list',
    validatorUrl: null,
    displayRequestDuration: true,
  });
});
`;

const CSS = 'text/css; charset=utf-8';
const JAVASCRIPT = 'text/javascript; charset=utf-8';
const PNG = 'image/png';

/** Every file the page loads: Swagger UI's own from node_modules, read once on first request; ours from memory. */
const ASSETS: Record<string, { contentType: string; read: () => Promise<Buffer> }> = {
  'swagger-ui.css': { contentType: CSS, read: () => readFile(path.join(SWAGGER_UI_DIR, 'swagger-ui.css')) },
  'index.css': { contentType: CSS, read: () => readFile(path.join(SWAGGER_UI_DIR, 'index.css')) },
  'swagger-ui-bundle.js': { contentType: JAVASCRIPT, read: () => readFile(path.join(SWAGGER_UI_DIR, 'swagger-ui-bundle.js')) },
  'favicon-32x32.png': { contentType: PNG, read: () => readFile(path.join(SWAGGER_UI_DIR, 'favicon-32x32.png')) },
  'docs-init.js': { contentType: JAVASCRIPT, read: async () => Buffer.from(INIT_SCRIPT) },
};
const ASSET_NAMES = Object.keys(ASSETS) as [string, ...string[]];

/**
 * Only this origin's scripts, styles and requests; images may also be the `data:` URLs swagger-ui.css draws
 * its icons with. Swagger UI sets element styles through the DOM, which `style-src` does not govern.
 */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'content-security-policy': DOCS_CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const PAGE = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>InfinityMix API</title>
    <link rel="icon" type="image/png" href="${ASSETS_PATH}/favicon-32x32.png">
    <link rel="stylesheet" href="${ASSETS_PATH}/swagger-ui.css">
    <link rel="stylesheet" href="${ASSETS_PATH}/index.css">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${ASSETS_PATH}/swagger-ui-bundle.js"></script>
    <script src="${ASSETS_PATH}/docs-init.js"></script>
  </body>
</html>
`;

const assetParams = z.strictObject({ file: z.enum(ASSET_NAMES) });

export function docsRoutes(): Route[] {
  const contents = new Map<string, Promise<Buffer>>();

  async function serveAsset(file: string): Promise<ApiResponse> {
    if (!assetParams.safeParse({ file }).success) throw notFound(`No docs asset ${file}`);
    const { contentType, read } = ASSETS[file]!;
    if (!contents.has(file)) contents.set(file, read());
    return { status: 200, contentType, body: await contents.get(file)!, headers: { ...SECURITY_HEADERS, 'cache-control': 'public, max-age=300' } };
  }

  return [
    {
      method: 'GET',
      path: '/docs',
      access: 'public',
      doc: {
        operationId: 'getDocsPage',
        summary: 'This document in Swagger UI: every route, with example requests to try (Authorize takes an API key)',
        tag: 'docs',
        responses: { 200: { description: 'The page', schema: docsPageSchema, contentType: 'text/html', headers: { 'Content-Security-Policy': 'Scripts, styles and requests from this origin only' } } },
        errors: [],
      },
      handler: async () => ({ status: 200, contentType: 'text/html; charset=utf-8', body: PAGE, headers: { ...SECURITY_HEADERS, 'cache-control': 'no-cache' } }),
    },
    {
      method: 'GET',
      path: `${ASSETS_PATH}/:file`,
      access: 'public',
      doc: {
        operationId: 'getDocsAsset',
        summary: "A file of the docs page: Swagger UI's bundle and stylesheet, and the script that points it at /openapi.json",
        tag: 'docs',
        params: assetParams,
        parameterExamples: { file: 'docs-init.js' },
        responses: { 200: { description: 'The file', schema: docsAssetSchema, contentType: [...new Set(Object.values(ASSETS).map((asset) => asset.contentType.split(';')[0]!))] } },
        errors: ['NotFound'],
      },
      handler: (request) => serveAsset(request.params.file!),
    },
  ];
}
