import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import type { GenerationInput } from '../../src/contracts/music-generation';

const run = promisify(execFile);

/** Timers and retries short enough for tests; the real defaults are in src/shared/step-retry.ts. */
export const fastPolicy = {
  retryInitialIntervalSeconds: 0.05,
  retryMaximumIntervalSeconds: 0.2,
  stepAttempts: 3,
  pollIntervalSeconds: 0.1,
  maxGenerationMinutes: 2,
  deadLetterWaitHours: 1,
  /** Webhook deliveries retried within a few minutes instead of 24 h. */
  webhookDelivery: { retryInitialIntervalSeconds: 0.05, retryMaximumIntervalSeconds: 0.2, deliveryWindowHours: 0.05, attemptTimeoutSeconds: 5 },
};

export function generationInput(overrides: Partial<GenerationInput> = {}): GenerationInput {
  return {
    jobId: randomUUID(),
    customerId: 'customer-test',
    prompt: 'warm uplifting background for a cooking video',
    durationSeconds: 8,
    policy: fastPolicy,
    ...overrides,
  };
}

/** Serves one local file over HTTP, as a reference song host would. */
export async function serveFile(filePath: string, contentType = 'audio/wav'): Promise<{ url: string; close(): Promise<void> }> {
  const size = (await stat(filePath)).size;
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': contentType, 'content-length': size });
    createReadStream(filePath).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/reference${filePath.slice(filePath.lastIndexOf('.'))}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Fully decodes a file with ffmpeg: throws if any frame is broken. */
export async function decodesCleanly(filePath: string): Promise<void> {
  await run('ffmpeg', ['-nostdin', '-v', 'error', '-xerror', '-i', filePath, '-f', 'null', '-']);
}
