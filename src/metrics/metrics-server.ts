import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface MetricsEndpoint {
  /** Where Prometheus scrapes, e.g. http://127.0.0.1:9464/metrics. */
  url: string;
  close(): Promise<void>;
}

export interface MetricsServerOptions {
  host: string;
  port: number;
  registry: Registry;
  /**
   * Another exporter's /metrics whose text is appended to ours: the Temporal SDK's runtime metrics, which its
   * core serves on a loopback port of its own. One scrape then gets both.
   */
  appendFrom?: string;
}

async function appendedText(url: string): Promise<string> {
  try {
    const answer = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    if (!answer.ok) return `# ${url} answered ${answer.status}\n`;
    return await answer.text();
  } catch (error) {
    return `# ${url} did not answer: ${error instanceof Error ? error.message : String(error)}\n`;
  }
}

/** `GET /metrics` in Prometheus' text format on its own listener; anything else is 404. */
export async function startMetricsServer({ host, port, registry, appendFrom }: MetricsServerOptions): Promise<MetricsEndpoint> {
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('only GET /metrics\n');
      return;
    }
    Promise.all([registry.metrics(), appendFrom ? appendedText(appendFrom) : Promise.resolve('')]).then(
      ([ours, theirs]) => {
        const text = theirs ? `${ours.trimEnd()}\n${theirs}` : ours;
        response.writeHead(200, { 'content-type': registry.contentType }).end(text);
      },
      (error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`metrics failed: ${error instanceof Error ? error.message : String(error)}\n`);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
