import { randomBytes } from 'node:crypto';
import type { KeyRing } from './key-ring';
import { SecretBox } from './secret-box';

function ring(currentKeyId: string, ids: string[]): KeyRing {
  return { currentKeyId, keys: new Map(ids.map((id) => [id, randomBytes(32)])) };
}

it('opens what it sealed, and never stores the secret in clear', () => {
  const box = new SecretBox(ring('k1', ['k1']));
  const sealed = box.seal('whsec_plain_secret', 'webhook-endpoint:a');
  expect(sealed).toMatch(/^k1:[A-Za-z0-9_-]+$/);
  expect(sealed).not.toContain('whsec_plain_secret');
  expect(box.open(sealed, 'webhook-endpoint:a')).toBe('whsec_plain_secret');
  expect(box.seal('whsec_plain_secret', 'webhook-endpoint:a')).not.toBe(sealed);
});

it('refuses a sealed secret moved to another row, altered, or relabelled with another key id', () => {
  const keys = ring('k1', ['k1', 'k2']);
  const box = new SecretBox(keys);
  const sealed = box.seal('s3cret', 'webhook-endpoint:a');
  expect(() => box.open(sealed, 'webhook-endpoint:b')).toThrow('failed authentication');
  const data = sealed.slice(3);
  const flipped = `${data.slice(0, 10)}${data[10] === 'A' ? 'B' : 'A'}${data.slice(11)}`;
  expect(() => box.open(`k1:${flipped}`, 'webhook-endpoint:a')).toThrow('failed authentication');
  expect(() => box.open(`k2:${data}`, 'webhook-endpoint:a')).toThrow('failed authentication');
  expect(() => box.open(`k9:${data}`, 'webhook-endpoint:a')).toThrow('key id "k9", which is not in the key ring');
});

it('still opens secrets sealed under an older key after a rotation', () => {
  const old = ring('k1', ['k1']);
  const sealed = new SecretBox(old).seal('s3cret', 'ctx');
  const rotated: KeyRing = { currentKeyId: 'k2', keys: new Map([...old.keys, ['k2', randomBytes(32)]]) };
  const box = new SecretBox(rotated);
  expect(box.open(sealed, 'ctx')).toBe('s3cret');
  expect(box.seal('s3cret', 'ctx')).toMatch(/^k2:/);
});
