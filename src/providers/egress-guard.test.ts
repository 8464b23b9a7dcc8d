import { request } from 'node:http';
import { connect } from 'node:net';
import { type RunningServer, startFakeServer } from '../../test/fakes/fake-http';
import { type EgressGuard, startEgressGuard } from './egress-guard';

/** The tests' rule: 127.0.0.2 stands for an internal host. */
const forbidInternal = (address: string): string | undefined => (address === '127.0.0.2' ? 'internal address' : undefined);

function viaProxy(guard: EgressGuard, url: string): Promise<{ status: number; body: string }> {
  const proxy = new URL(guard.proxyUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: proxy.hostname, port: proxy.port, path: url, headers: { host: new URL(url).host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a CONNECT tunnel and, when it is granted, sends a plain GET through it. */
function throughTunnel(guard: EgressGuard, target: string): Promise<string> {
  const proxy = new URL(guard.proxyUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(proxy.port), proxy.hostname, () => {
      socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`);
    });
    let text = '';
    let sent = false;
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (!sent && text.startsWith('HTTP/1.1 200')) {
        sent = true;
        socket.write(`GET /tunnelled HTTP/1.1\r\nHost: ${target}\r\nConnection: close\r\n\r\n`);
      }
    });
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
    // A guard that neither answers nor closes is a failure, not a hang.
    socket.setTimeout(3000, () => socket.destroy(new Error(`no answer to CONNECT ${target}`)));
  });
}

describe('startEgressGuard', () => {
  let allowed: RunningServer;
  let internal: RunningServer;
  const seen: string[] = [];

  beforeAll(async () => {
    allowed = await startFakeServer((req, res) => {
      seen.push(`allowed ${req.headers.host} ${req.path}`);
      res.end('from the allowed host');
    });
    internal = await startFakeServer((req, res) => {
      seen.push(`internal ${req.path}`);
      res.end('internal data');
    }, '127.0.0.2');
  });
  afterAll(async () => {
    await allowed.close();
    await internal.close();
  });
  beforeEach(() => {
    seen.length = 0;
  });

  it('forwards plain HTTP to an allowed host', async () => {
    const guard = await startEgressGuard({ addressRule: forbidInternal });
    try {
      expect(await viaProxy(guard, `${allowed.baseUrl}/song.wav`)).toEqual({ status: 200, body: 'from the allowed host' });
      expect(guard.refusals).toEqual([]);
    } finally {
      await guard.close();
    }
  });

  it('refuses a forbidden host with 403, records why, and never contacts it', async () => {
    const guard = await startEgressGuard({ addressRule: forbidInternal });
    try {
      expect((await viaProxy(guard, `${internal.baseUrl}/secrets`)).status).toBe(403);
      expect(guard.refusals).toEqual([{ host: '127.0.0.2', address: '127.0.0.2', rule: 'internal address' }]);
      expect(seen).toEqual([]);
    } finally {
      await guard.close();
    }
  });

  it('resolves a name once and connects to the address it checked', async () => {
    const answers = [[{ address: '127.0.0.1', family: 4 }], [{ address: '127.0.0.2', family: 4 }]];
    let lookups = 0;
    // A rebinding resolver: the second answer would point inside. The guard asks once per connection.
    const guard = await startEgressGuard({ addressRule: forbidInternal, resolve: async () => answers[Math.min(lookups++, 1)]! });
    try {
      const port = new URL(allowed.baseUrl).port;
      expect(await viaProxy(guard, `http://media.example:${port}/a.wav`)).toEqual({ status: 200, body: 'from the allowed host' });
      expect(lookups).toBe(1);
      expect(seen).toEqual([`allowed media.example:${port} /a.wav`]);
      expect((await viaProxy(guard, `http://media.example:${port}/b.wav`)).status).toBe(403);
      expect(seen).toHaveLength(1);
    } finally {
      await guard.close();
    }
  });

  it('tunnels HTTPS-style CONNECT to an allowed host and refuses it to a forbidden one', async () => {
    const guard = await startEgressGuard({ addressRule: forbidInternal });
    try {
      const granted = await throughTunnel(guard, new URL(allowed.baseUrl).host);
      expect(granted).toMatch(/^HTTP\/1\.1 200 Connection Established/);
      expect(granted).toContain('from the allowed host');
      const refused = await throughTunnel(guard, new URL(internal.baseUrl).host);
      expect(refused).toMatch(/^HTTP\/1\.1 403/);
      expect(seen).toEqual([`allowed ${new URL(allowed.baseUrl).host} /tunnelled`]);
    } finally {
      await guard.close();
    }
  });

  it('drops a malformed CONNECT and keeps serving', async () => {
    const guard = await startEgressGuard({ addressRule: forbidInternal });
    try {
      expect(await throughTunnel(guard, ':443')).not.toMatch(/^HTTP\/1\.1 200/);
      expect((await viaProxy(guard, `${allowed.baseUrl}/after`)).status).toBe(200);
    } finally {
      await guard.close();
    }
  });

  it('refuses a name that does not resolve', async () => {
    const guard = await startEgressGuard({ resolve: async () => [] });
    try {
      expect((await viaProxy(guard, 'http://nowhere.example/a.wav')).status).toBe(403);
      expect(guard.refusals).toEqual([{ host: 'nowhere.example', rule: 'does not resolve' }]);
    } finally {
      await guard.close();
    }
  });
});
