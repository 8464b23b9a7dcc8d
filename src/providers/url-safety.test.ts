import { failureOf } from '../../test/fakes/failure-of';
import { allowAnyAddress, allowLoopbackAddress, assertSafeReferenceUrl, forbiddenAddressRule, type LookupAll } from './url-safety';

const resolvesTo =
  (...addresses: string[]): LookupAll =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

function refusal(url: string, resolve?: LookupAll) {
  return failureOf(assertSafeReferenceUrl(url, { resolve }));
}

describe('forbiddenAddressRule', () => {
  it.each([
    ['127.0.0.1', 'loopback address'],
    ['127.255.1.2', 'loopback address'],
    ['10.1.2.3', 'private address'],
    ['172.16.0.1', 'private address'],
    ['172.31.255.255', 'private address'],
    ['192.168.1.1', 'private address'],
    ['169.254.169.254', 'link-local or metadata address'],
    ['100.64.0.1', 'carrier-grade NAT address'],
    ['100.127.255.254', 'carrier-grade NAT address'],
    ['0.0.0.0', 'unspecified address'],
    ['224.0.0.1', 'multicast or reserved address'],
    ['::1', 'loopback address'],
    ['::', 'unspecified address'],
    ['fd12:3456::1', 'private address'],
    ['fc00::1', 'private address'],
    ['fe80::1', 'link-local or metadata address'],
    ['::ffff:127.0.0.1', 'loopback address'],
    ['::ffff:7f00:1', 'loopback address'],
    ['::ffff:a9fe:a9fe', 'link-local or metadata address'],
    ['64:ff9b::10.0.0.1', 'private address (embedded in IPv6)'],
    ['64:ff9b::a9fe:a9fe', 'link-local or metadata address (embedded in IPv6)'],
  ])('refuses %s as a %s', (address, rule) => {
    expect(forbiddenAddressRule(address)).toBe(rule);
  });

  it.each(['8.8.8.8', '172.32.0.1', '100.128.0.1', '192.169.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808'])('accepts the public address %s', (address) => {
    expect(forbiddenAddressRule(address)).toBeUndefined();
  });
});

describe('assertSafeReferenceUrl', () => {
  it('accepts a public https URL and returns it parsed', async () => {
    const url = await assertSafeReferenceUrl('https://www.youtube.com/watch?v=abc', { resolve: resolvesTo('142.250.74.110') });
    expect(url.hostname).toBe('www.youtube.com');
  });

  it.each(['ftp://example.com/a.mp3', 'file:///etc/passwd', 'javascript:alert(1)', 'data:audio/wav;base64,AAAA'])('refuses the scheme of %s', async (url) => {
    const failure = await refusal(url);
    expect(failure.type).toBe('InvalidInput');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toMatch(/^referenceUrl: only http and https are allowed/);
  });

  it('refuses text that is not a URL', async () => {
    expect((await refusal('not a url')).message).toBe('referenceUrl: not a valid URL');
  });

  it.each([
    ['http://127.0.0.1:8080/a.wav', 'loopback'],
    ['http://2130706433/', 'loopback'],
    ['http://0x7f.1/', 'loopback'],
    ['http://[::1]/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://169.254.169.254/latest/meta-data/', 'metadata'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://[fe80::1]/', 'link-local'],
  ])('refuses the IP literal in %s (%s)', async (url, rule) => {
    const failure = await refusal(url);
    expect(failure.type).toBe('InvalidInput');
    expect(failure.message).toContain(rule);
    expect(failure.details).toEqual([expect.objectContaining({ field: 'referenceUrl' })]);
  });

  it('names the field it was asked to check, with the rule as a problem the API answers', async () => {
    const failure = await failureOf(assertSafeReferenceUrl('http://10.0.0.7/track.wav', { field: 'sourceUrl' }));
    expect(failure.message).toBe('sourceUrl: host 10.0.0.7 resolves to a private address (10.0.0.7), which is not allowed');
    expect(failure.details).toEqual([expect.objectContaining({ problems: [{ field: 'sourceUrl', rule: expect.stringContaining('private address') }] })]);
  });

  it('refuses a name when any of its addresses is private', async () => {
    const failure = await refusal('https://sneaky.example/', resolvesTo('93.184.216.34', '10.0.0.5'));
    expect(failure.message).toBe('referenceUrl: host sneaky.example resolves to a private address (10.0.0.5), which is not allowed');
  });

  it('refuses a name that does not resolve', async () => {
    const notFound: LookupAll = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    expect((await refusal('https://nowhere.invalid/', notFound)).message).toBe('referenceUrl: host nowhere.invalid does not resolve');
  });

  it('retries a DNS server failure', async () => {
    const timeout: LookupAll = async () => {
      throw Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' });
    };
    const failure = await refusal('https://example.com/', timeout);
    expect(failure.type).toBe('ProviderUnavailable');
    expect(failure.nonRetryable).toBe(false);
  });

  it('lets tests reach a local server only when they switch the rule off', async () => {
    await expect(assertSafeReferenceUrl('http://127.0.0.1:9/a.wav', { addressRule: allowAnyAddress })).resolves.toBeInstanceOf(URL);
    await expect(assertSafeReferenceUrl('ftp://127.0.0.1/a.wav', { addressRule: allowAnyAddress })).rejects.toThrow('only http and https');
  });

  it('resolves localhost for real and refuses it', async () => {
    expect((await refusal('http://localhost:3000/')).message).toContain('loopback address');
  });

  it('names the field it checks when told (a webhook url)', async () => {
    const failure = await failureOf(assertSafeReferenceUrl('http://10.0.0.1/hook', { field: 'url' }));
    expect(failure).toMatchObject({ type: 'InvalidInput', message: 'url: host 10.0.0.1 resolves to a private address (10.0.0.1), which is not allowed' });
    expect(failure.details?.[0]).toMatchObject({ field: 'url', rule: 'host 10.0.0.1 resolves to a private address (10.0.0.1), which is not allowed' });
  });
});

describe('allowLoopbackAddress (local webhook receivers)', () => {
  it('lets loopback through, IPv4 and IPv6', () => {
    expect(allowLoopbackAddress('127.0.0.1')).toBeUndefined();
    expect(allowLoopbackAddress('::1')).toBeUndefined();
  });

  it('still refuses every other forbidden range', () => {
    expect(allowLoopbackAddress('10.0.0.1')).toBe('private address');
    expect(allowLoopbackAddress('169.254.169.254')).toBe('link-local or metadata address');
    expect(allowLoopbackAddress('0.0.0.0')).toBe('unspecified address');
    expect(allowLoopbackAddress('fd00::1')).toBe('private address');
    expect(allowLoopbackAddress('93.184.216.34')).toBeUndefined();
  });
});
