import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** Handlers may return whatever their last call returns (e.g. `res.end()`); only rejections matter. */
export type FakeHandler = (request: FakeRequest, response: ServerResponse) => unknown;

export interface RunningServer {
  baseUrl: string;
  close(): Promise<void>;
}

/** A real HTTP server on a loopback address (127.0.0.1 unless given) and an ephemeral port; the handler sees the whole body. */
export async function startFakeServer(handler: FakeHandler, host = '127.0.0.1'): Promise<RunningServer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks) };
      Promise.resolve(handler(request, res)).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { fakeError: String(error) });
        else res.destroy();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/** Parses a multipart or urlencoded body with the platform's own parser, as a real server would. */
export async function readForm(request: FakeRequest): Promise<FormData> {
  const contentType = request.headers['content-type'] ?? '';
  return new Request('http://fake.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: request.body }).formData();
}

/** Counts calls per endpoint, so tests can assert "exactly one generate call per job". */
export class CallCounter<Endpoint extends string> {
  private readonly counts = new Map<Endpoint, number>();

  record(endpoint: Endpoint): void {
    this.counts.set(endpoint, this.count(endpoint) + 1);
  }

  count(endpoint: Endpoint): number {
    return this.counts.get(endpoint) ?? 0;
  }
}

/** "The next N calls to this endpoint answer this", e.g. a failure; consumed one call at a time. */
export class ScriptedQueue<Endpoint extends string, Answer> {
  private readonly queues = new Map<Endpoint, Answer[]>();

  push(endpoint: Endpoint, answer: Answer, times: number): void {
    const queue = this.queues.get(endpoint) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(answer);
    this.queues.set(endpoint, queue);
  }

  take(endpoint: Endpoint): Answer | undefined {
    return this.queues.get(endpoint)?.shift();
  }

}
