import { timingSafeEqual, createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Payload, PayloadCodec } from '@temporalio/common';
import type winston from 'winston';
import { z } from 'zod';
import { HttpError, invalidInput } from '../api/http-error';
import { readJsonBody } from '../api/json-body';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { createEncryptionCodec } from './data-converter';
import { PayloadDecryptionError } from './encryption-codec';
import { loadCodecAuthToken } from './local-secrets';

/**
 * Temporal's remote codec protocol: POST /encode and /decode with `{payloads: [{metadata, data}]}`, every
 * metadata value and the data in base64 (protobuf JSON). The Web UI and `temporal … --codec-endpoint` call it.
 */
const BODY_LIMIT_BYTES = 16 * 1024 * 1024;
const SHUTDOWN_GRACE_MS = 5_000;
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
// Protobuf JSON leaves an empty list out: the CLI sends `{}` for a query without arguments.
const requestSchema = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string(), base64).nullish(), data: base64.nullish() })).default([]),
});
type JsonPayload = z.infer<typeof requestSchema>['payloads'][number];

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** Callers other than an allowed browser origin must send `Authorization: Bearer <authToken>`. */
  authToken: string;
  /** Web UI origins: answered with CORS headers and, on this loopback-only server, let in without the token. */
  allowedOrigins: string[];
  logger: winston.Logger;
}

function fromJson({ metadata, data }: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')])),
    data: Buffer.from(data ?? '', 'base64'),
  };
}

function toJson({ metadata, data }: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([key, value]) => [key, Buffer.from(value ?? new Uint8Array()).toString('base64')])),
    data: Buffer.from(data ?? new Uint8Array()).toString('base64'),
  };
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Constant-time comparison of the whole header against `Bearer <token>`. */
function hasToken(header: string | undefined, token: string): boolean {
  return header !== undefined && timingSafeEqual(digest(header), digest(`Bearer ${token}`));
}

function send(response: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) });
  response.end(text);
}

export function createCodecServer(options: CodecServerOptions): Server {
  const allowed = new Set(options.allowedOrigins);

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const origin = request.headers.origin;
    if (origin !== undefined) {
      // Another site's page must not get payloads decrypted through an operator's browser.
      if (!allowed.has(origin)) throw new HttpError(403, 'OriginNotAllowed', `origin ${origin} is not allowed (CODEC_CORS_ORIGINS)`);
      response.setHeader('access-control-allow-origin', origin);
      response.setHeader('access-control-allow-credentials', 'true');
      response.setHeader('vary', 'Origin');
    }
    if (request.method === 'OPTIONS') {
      send(response, 204, undefined, {
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': 'authorization, content-type, x-namespace',
        'access-control-max-age': '600',
      });
      return;
    }
    const operation = request.url?.split('?')[0];
    if (operation !== '/encode' && operation !== '/decode') throw new HttpError(404, 'NotFound', 'POST /encode or /decode');
    if (request.method !== 'POST') throw new HttpError(405, 'MethodNotAllowed', `${operation} takes POST`, {}, { allow: 'POST, OPTIONS' });
    const authorization = request.headers.authorization;
    const browserFromWebUi = origin !== undefined && authorization === undefined;
    if (!browserFromWebUi && !hasToken(authorization, options.authToken)) {
      throw new HttpError(401, 'Unauthorized', 'send Authorization: Bearer <codec token> (CODEC_AUTH_TOKEN)', {}, { 'www-authenticate': 'Bearer' });
    }
    const parsed = requestSchema.safeParse(await readJsonBody(request, request.headers, BODY_LIMIT_BYTES));
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', rule: issue.message }));
      throw invalidInput('body must be {"payloads": [{"metadata": {…base64}, "data": base64}]}', problems);
    }
    const payloads = parsed.data.payloads.map(fromJson);
    const result = operation === '/encode' ? await options.codec.encode(payloads) : await options.codec.decode(payloads);
    send(response, 200, { payloads: result.map(toJson) });
  }

  return createServer((request, response) => {
    handle(request, response)
      .then(() => options.logger.debug('codec request', { method: request.method, path: request.url, status: response.statusCode }))
      .catch((error: unknown) => {
        const known =
          error instanceof HttpError ? error : error instanceof PayloadDecryptionError ? new HttpError(422, 'PayloadDecryptionFailed', error.message) : undefined;
        if (!known) options.logger.error('codec request failed', { method: request.method, path: request.url, error });
        const answer = known ?? new HttpError(500, 'InternalError', 'codec server error');
        options.logger.info('codec request refused', { method: request.method, path: request.url, status: answer.status, type: answer.type });
        if (!response.headersSent) send(response, answer.status, answer.body, answer.headers);
        else response.end();
      });
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const codec = createEncryptionCodec(config.temporal.payloadEncryption);
  const server = createCodecServer({ codec, authToken: loadCodecAuthToken(config.codecServer), allowedOrigins: config.codecServer.corsOrigins, logger });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.codecServer.port, config.codecServer.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  logger.info('codec server listening', { url: `http://${address}:${port}`, currentKeyId: codec.currentKeyId, allowedOrigins: config.codecServer.corsOrigins });

  const stop = (signal: NodeJS.Signals) => {
    logger.info('codec server stopping', { signal });
    setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
    server.close(() => logger.info('codec server stopped'));
    server.closeIdleConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    createLogger().error('codec server failed to start', { error });
    process.exitCode = 1;
  });
}
