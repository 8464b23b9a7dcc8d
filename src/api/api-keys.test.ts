import { bearerToken, generateApiKey, hashSecret, parseApiKey, secretMatches } from './api-keys';

it('makes keys with a visible prefix and a 256-bit secret, storing only the secret hash', () => {
  const key = generateApiKey();
  expect(key.token).toMatch(/^imx_live_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
  expect(key.token.startsWith(`${key.prefix}_`)).toBe(true);
  const secret = key.token.slice(key.prefix.length + 1);
  expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
  expect(key.keyHash).toBe(hashSecret(secret));
  expect(key.keyHash).not.toContain(secret);
  expect(generateApiKey().token).not.toBe(key.token);
});

it('parses its own keys and nothing else', () => {
  const key = generateApiKey();
  expect(parseApiKey(key.token)).toEqual({ prefix: key.prefix, secret: key.token.slice(key.prefix.length + 1) });
  for (const bad of ['', 'imx_live_', key.prefix, `${key.token}x`, key.token.slice(0, -1), key.token.replace('imx_live_', 'imx_test_'), ` ${key.token}`]) {
    expect(parseApiKey(bad)).toBeUndefined();
  }
});

it('accepts the right secret and refuses any other', () => {
  const key = generateApiKey();
  const { secret } = parseApiKey(key.token)!;
  expect(secretMatches(secret, key.keyHash)).toBe(true);
  expect(secretMatches(`${secret.slice(0, -1)}A` === secret ? `${secret.slice(0, -1)}B` : `${secret.slice(0, -1)}A`, key.keyHash)).toBe(false);
  expect(secretMatches(secret, 'not-a-hash')).toBe(false);
});

it('reads the token of a Bearer header only', () => {
  expect(bearerToken('Bearer abc')).toBe('abc');
  expect(bearerToken('bearer abc')).toBe('abc');
  for (const bad of [undefined, '', 'Bearer', 'Bearer ', 'Basic abc', 'Bearer a b', 'abc']) expect(bearerToken(bad)).toBeUndefined();
});
