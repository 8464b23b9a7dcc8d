import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { defaultPayloadConverter } from '@temporalio/common';
import winston from 'winston';
import { EncryptionCodec } from './encryption-codec';
import { createCodecServer } from './server';

const token = randomBytes(32).toString('base64url');
const webUi = 'http://127.0.0.1:8233';
const codec = new EncryptionCodec({ currentKeyId: 'k1', keys: new Map([['k1', randomBytes(32)]]) });
const server = createCodecServer({ codec, authToken: token, allowedOrigins: [webUi], logger: winston.createLogger({ silent: true }) });
let base: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const plainJson = () => {
  const payload = defaultPayloadConverter.toPayload({ prompt: 'harbour lights at dusk' })!;
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata!).map(([key, value]) => [key, Buffer.from(value!).toString('base64')])),
    data: Buffer.from(payload.data!).toString('base64'),
  };
};
const post = (path: string, body: unknown, headers: Record<string, string>) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('codec server', () => {
  it('encodes and decodes in the remote codec format with the bearer token', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const encoded = await post('/encode', { payloads: [plainJson()] }, auth);
    expect(encoded.status).toBe(200);
    const { payloads } = (await encoded.json()) as { payloads: { metadata: Record<string, string>; data: string }[] };
    expect(Buffer.from(payloads[0]!.metadata.encoding!, 'base64').toString()).toBe('binary/encrypted');
    expect(Buffer.from(payloads[0]!.data, 'base64').toString('latin1')).not.toContain('harbour');
    const decoded = await post('/decode', { payloads }, auth);
    expect(await decoded.json()).toEqual({ payloads: [plainJson()] });
    expect(await (await post('/decode', {}, auth)).json()).toEqual({ payloads: [] });
  });

  it('answers 401 without the token or with a wrong one', async () => {
    expect((await post('/decode', { payloads: [] }, {})).status).toBe(401);
    const wrong = await post('/decode', { payloads: [] }, { authorization: `Bearer ${token}x` });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('answers the Web UI origin with CORS, its preflight included, and refuses other origins', async () => {
    const preflight = await fetch(`${base}/decode`, {
      method: 'OPTIONS',
      headers: { origin: webUi, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(webUi);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-namespace');
    const fromUi = await post('/decode', { payloads: [plainJson()] }, { origin: webUi, 'x-namespace': 'default' });
    expect(fromUi.status).toBe(200);
    expect(fromUi.headers.get('access-control-allow-origin')).toBe(webUi);

    const foreign = await fetch(`${base}/decode`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect((await post('/decode', { payloads: [] }, { origin: 'https://evil.example', authorization: `Bearer ${token}` })).status).toBe(403);
  });

  it('names the field of a malformed body and the key id of an undecryptable payload', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const bad = await post('/decode', { payloads: [{ data: 'not base64!' }] }, auth);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { type: 'InvalidInput', problems: [{ field: 'payloads.0.data', rule: 'must be base64' }] } });
    const foreignKey = { metadata: { encoding: Buffer.from('binary/encrypted').toString('base64'), 'encryption-key-id': Buffer.from('k0').toString('base64') }, data: randomBytes(40).toString('base64') };
    const undecryptable = await post('/decode', { payloads: [foreignKey] }, auth);
    expect(undecryptable.status).toBe(422);
    expect(((await undecryptable.json()) as { error: { message: string } }).error.message).toContain('"k0"');
  });
});
