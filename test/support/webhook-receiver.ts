import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { verifyWebhookSignature } from '../../src/shared/webhook-signature';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** By verifyWebhookSignature, the function docs/webhooks.md gives receivers. */
  verified: boolean;
  /** By the documented rule written out again here: hex HMAC-SHA256(secret, "<t>.<raw body>"), t within 5 minutes. */
  verifiedByRule: boolean;
  /** What the receiver answered; undefined while it holds the request open. */
  answered?: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Requests it answered 2xx. */
  accepted(): ReceivedWebhook[];
  close(): Promise<void>;
}

/**
 * A customer's endpoint on loopback. `answer(n)` gives the status for the n-th request (1-based), or
 * `'hang'` to hold it open without answering (a dead receiver).
 */
export async function startWebhookReceiver(secret: string, answer: (requestNumber: number) => number | 'hang' = () => 200): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((request, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const header = request.headers['infinitymix-signature'];
      const signature = typeof header === 'string' ? header : undefined;
      const entry: ReceivedWebhook = {
        headers: request.headers,
        rawBody,
        verified: verifyWebhookSignature(secret, signature, rawBody).valid,
        verifiedByRule: checkByRule(secret, signature, rawBody),
      };
      received.push(entry);
      const status = answer(received.length);
      if (status === 'hang') return;
      entry.answered = status;
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'not now');
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/infinitymix`,
    received,
    accepted: () => received.filter((entry) => entry.answered !== undefined && entry.answered < 300),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function checkByRule(secret: string, header: string | undefined, rawBody: string): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  const [, t, v1] = match;
  const fresh = Math.abs(Date.now() / 1000 - Number(t)) <= 300;
  return fresh && createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex') === v1;
}
