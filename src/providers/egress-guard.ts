import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, isIP, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { bareHost, defaultLookup, firstBrokenRule, forbiddenAddressRule, type AddressRule, type LookupAll } from './url-safety';

/** Why the guard refused a connection, for the caller to report. */
export interface EgressRefusal {
  host: string;
  address?: string;
  rule: string;
}

export interface EgressGuard {
  /** `http://127.0.0.1:<port>`: give it to a tool as its HTTP(S) proxy. */
  proxyUrl: string;
  refusals: readonly EgressRefusal[];
  close(): Promise<void>;
}

export interface EgressGuardOptions {
  resolve?: LookupAll;
  /** forbiddenAddressRule by default. */
  addressRule?: AddressRule;
}

/** Resolves a host once and checks every address; remembers why it refused. */
export interface AddressChecker {
  /** The address to connect to, or undefined after recording a refusal. */
  check(host: string): Promise<string | undefined>;
  refusals: readonly EgressRefusal[];
}

export function createAddressChecker(options: EgressGuardOptions = {}): AddressChecker {
  const resolve = options.resolve ?? defaultLookup;
  const addressRule = options.addressRule ?? forbiddenAddressRule;
  const refusals: EgressRefusal[] = [];
  return {
    refusals,
    async check(host: string): Promise<string | undefined> {
      const bare = bareHost(host);
      let addresses: string[];
      try {
        addresses = isIP(bare) !== 0 ? [bare] : (await resolve(bare)).map((result) => result.address);
      } catch {
        addresses = [];
      }
      if (addresses.length === 0) {
        refusals.push({ host: bare, rule: 'does not resolve' });
        return undefined;
      }
      const broken = firstBrokenRule(addresses, addressRule);
      if (broken !== undefined) {
        refusals.push({ host: bare, ...broken });
        return undefined;
      }
      return addresses[0];
    },
  };
}

/**
 * A local HTTP proxy that a download tool (yt-dlp and the ffmpeg it runs) must go through: every
 * connection it opens, redirects included, is checked against the address rules, and the proxy
 * connects to the very address it checked, so a second DNS answer cannot send it elsewhere.
 * Plain HTTP is forwarded; HTTPS goes through CONNECT tunnels (the proxy sees only host and port).
 */
export async function startEgressGuard(options: EgressGuardOptions = {}): Promise<EgressGuard> {
  const checker = createAddressChecker(options);
  const sockets = new Set<Socket | Duplex>();

  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute http URL expected');
      return;
    }
    if (target.protocol !== 'http:') {
      res.writeHead(400).end('only http is forwarded; https goes through CONNECT');
      return;
    }
    const address = await checker.check(target.hostname);
    if (address === undefined) {
      res.writeHead(403).end(`refused: ${checker.refusals.at(-1)?.rule}`);
      return;
    }
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !name.startsWith('proxy-')));
    const upstream = httpRequest({ host: address, port: target.port || 80, method: req.method, path: `${target.pathname}${target.search}`, headers, setHost: false }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  }

  async function tunnel(req: IncomingMessage, client: Duplex, head: Buffer): Promise<void> {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    const target = new URL(`http://${req.url ?? ''}`);
    const address = await checker.check(target.hostname);
    if (address === undefined) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(Number(target.port || 443), address, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
  }

  // A malformed request from the tool ends its own connection, never the worker.
  const server = createServer((req, res) => void forward(req, res).catch(() => res.destroy()));
  server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => void tunnel(req, client, head).catch(() => client.destroy()));
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;

  return {
    proxyUrl: `http://127.0.0.1:${port}`,
    refusals: checker.refusals,
    close: () =>
      new Promise<void>((closed) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => closed());
      }),
  };
}
