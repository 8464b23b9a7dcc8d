import { signatureHeaderValue, verifyWebhookSignature, webhookSignature } from './webhook-signature';

const SECRET = 'whsec_test_secret_0123456789abcdef';
const BODY = '{"id":"generation.completed:abc","type":"generation.completed"}';
const T = 1764720000;

it('signs HMAC-SHA256 over "<t>.<raw body>" (vector from `openssl dgst -sha256 -hmac`)', () => {
  expect(webhookSignature(SECRET, T, BODY)).toBe('1beedc8d57a30facab2dcd9c2fe8e83751489d166c8feb4921bb2a2d459815f5');
  expect(signatureHeaderValue(SECRET, T, BODY)).toBe(`t=${T},v1=1beedc8d57a30facab2dcd9c2fe8e83751489d166c8feb4921bb2a2d459815f5`);
});

it('accepts its own signature within the tolerance, either side of now', () => {
  const header = signatureHeaderValue(SECRET, T, BODY);
  expect(verifyWebhookSignature(SECRET, header, BODY, { nowSeconds: T })).toEqual({ valid: true, timestampSeconds: T });
  expect(verifyWebhookSignature(SECRET, header, Buffer.from(BODY), { nowSeconds: T + 300 }).valid).toBe(true);
  expect(verifyWebhookSignature(SECRET, header, BODY, { nowSeconds: T - 300 }).valid).toBe(true);
});

it('refuses a replay older than 5 minutes, and a timestamp far in the future', () => {
  const header = signatureHeaderValue(SECRET, T, BODY);
  expect(verifyWebhookSignature(SECRET, header, BODY, { nowSeconds: T + 301 })).toMatchObject({ valid: false, reason: expect.stringContaining('replay') });
  expect(verifyWebhookSignature(SECRET, header, BODY, { nowSeconds: T - 301 }).valid).toBe(false);
});

it('refuses another body, another secret, or a timestamp moved without re-signing', () => {
  const header = signatureHeaderValue(SECRET, T, BODY);
  expect(verifyWebhookSignature(SECRET, header, `${BODY} `, { nowSeconds: T }).valid).toBe(false);
  expect(verifyWebhookSignature(`${SECRET}x`, header, BODY, { nowSeconds: T }).valid).toBe(false);
  expect(verifyWebhookSignature(SECRET, header.replace(`t=${T}`, `t=${T + 1}`), BODY, { nowSeconds: T }).valid).toBe(false);
});

it('accepts any matching v1 (several during a secret change) and refuses malformed headers', () => {
  const good = webhookSignature(SECRET, T, BODY);
  expect(verifyWebhookSignature(SECRET, `t=${T},v1=${'0'.repeat(64)},v1=${good}`, BODY, { nowSeconds: T }).valid).toBe(true);
  for (const header of [undefined, '', `v1=${good}`, `t=${T}`, `t=abc,v1=${good}`, `t=${T},t=${T},v1=${good}`, `t=${T},v1=zz`]) {
    expect(verifyWebhookSignature(SECRET, header, BODY, { nowSeconds: T }).valid).toBe(false);
  }
});
