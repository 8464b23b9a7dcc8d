import { type RunningServer, startFakeServer } from '../../test/fakes/fake-http';
import { createAddressChecker } from './egress-guard';
import { EgressRefusedError, pinnedFetch } from './pinned-fetch';
import type { LookupAll } from './url-safety';

/** The tests' rule: 127.0.0.2 stands for an internal host. */
const forbidInternal = (address: string): string | undefined => (address === '127.0.0.2' ? 'internal address' : undefined);

describe('pinnedFetch', () => {
  let allowed: RunningServer;
  let internal: RunningServer;
  let port: string;
  const seen: string[] = [];

  beforeAll(async () => {
    allowed = await startFakeServer((req, res) => {
      seen.push(`allowed ${req.headers.host} ${req.path}`);
      if (req.path === '/moved') {
        res.writeHead(302, { location: '/song.wav' });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'audio/wav', 'x-sample': 'yes' });
      return res.end('RIFF');
    });
    internal = await startFakeServer((req, res) => {
      seen.push(`internal ${req.path}`);
      res.end('internal data');
    }, '127.0.0.2');
    port = new URL(allowed.baseUrl).port;
  });
  afterAll(async () => {
    await allowed.close();
    await internal.close();
  });
  beforeEach(() => {
    seen.length = 0;
  });

  /** Answers 127.0.0.1 first and 127.0.0.2 after: a DNS rebinding attack. */
  function rebinding(): { resolve: LookupAll; lookups: () => number } {
    let count = 0;
    return {
      resolve: async () => [{ address: count++ === 0 ? '127.0.0.1' : '127.0.0.2', family: 4 }],
      lookups: () => count,
    };
  }

  it('connects to the address it checked: a name only our resolver knows is fetched with its Host header', async () => {
    const dns = rebinding();
    const fetchPinned = pinnedFetch(createAddressChecker({ addressRule: forbidInternal, resolve: dns.resolve }));
    const response = await fetchPinned(`http://media.example:${port}/song.wav`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-sample')).toBe('yes');
    expect(await response.text()).toBe('RIFF');
    expect(dns.lookups()).toBe(1);
    expect(seen).toEqual([`allowed media.example:${port} /song.wav`]);
  });

  it('refuses when the next answer points inside, without connecting', async () => {
    const dns = rebinding();
    const checker = createAddressChecker({ addressRule: forbidInternal, resolve: dns.resolve });
    const fetchPinned = pinnedFetch(checker);
    await (await fetchPinned(`http://media.example:${port}/first.wav`)).arrayBuffer();
    await expect(fetchPinned(`http://media.example:${port}/second.wav`)).rejects.toBeInstanceOf(EgressRefusedError);
    expect(checker.refusals).toEqual([{ host: 'media.example', address: '127.0.0.2', rule: 'internal address' }]);
    expect(seen).toEqual([`allowed media.example:${port} /first.wav`]);
  });

  it('returns a redirect as it is, for the caller to check', async () => {
    const fetchPinned = pinnedFetch(createAddressChecker({ addressRule: forbidInternal }));
    const response = await fetchPinned(`${allowed.baseUrl}/moved`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/song.wav');
    expect(seen).toEqual([`allowed 127.0.0.1:${port} /moved`]);
  });
});
