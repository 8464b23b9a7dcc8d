import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSecretFileOnce, loadKeyRing, newKeyFileContent, parseKeyFile, parseKeyList } from './key-ring';

const a = randomBytes(32).toString('base64');
const b = randomBytes(32).toString('base64');

describe('key ring', () => {
  it('reads id:key pairs; the first is current unless PAYLOAD_ENCRYPTION_KEY_ID names another', () => {
    expect(parseKeyList(`new:${b}, old:${a}`, undefined).currentKeyId).toBe('new');
    const ring = parseKeyList(`new:${b},old:${a}`, 'old');
    expect(ring.currentKeyId).toBe('old');
    expect([...ring.keys.keys()]).toEqual(['new', 'old']);
  });

  it('names the variable, the key id and the rule, never the key', () => {
    const short = randomBytes(16).toString('base64');
    const error = (() => {
      try {
        parseKeyList(`k1:${short}`, undefined);
      } catch (caught) {
        return caught as Error;
      }
      throw new Error('accepted a 128-bit key');
    })();
    expect(error.message).toBe('PAYLOAD_ENCRYPTION_KEYS: key "k1" must be 32 bytes in base64 (AES-256)');
    expect(error.message).not.toContain(short);
    expect(() => parseKeyList(`k1:${a}`, 'k9')).toThrow('current key id "k9" is not among the keys (k1)');
    expect(() => parseKeyList(`k1:${a},k1:${b}`, undefined)).toThrow('key id "k1" appears twice');
    expect(() => parseKeyList(`bad id:${a}`, undefined)).toThrow(/key id "bad id" must be/);
  });

  it('reads a key file and prefers PAYLOAD_ENCRYPTION_KEYS over it', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'keys-')), 'keys.json');
    createSecretFileOnce(file, JSON.stringify({ current: 'b', keys: { a, b } }));
    expect(loadKeyRing({ keyFile: file }).currentKeyId).toBe('b');
    expect(loadKeyRing({ keyFile: file, currentKeyId: 'a' }).currentKeyId).toBe('a');
    expect(loadKeyRing({ keyFile: file, keys: `env:${a}` }).currentKeyId).toBe('env');
    expect(() => parseKeyFile('{"keys": []}', 'k.json', undefined)).toThrow('"keys" must be an object');
  });

  it('explains a missing key file', () => {
    expect(() => loadKeyRing({ keyFile: '/nonexistent/keys.json' })).toThrow(/set PAYLOAD_ENCRYPTION_KEYS or PAYLOAD_ENCRYPTION_KEY_FILE/);
  });

  it('creates the local key file once, owner-only, and never replaces it', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'keys-')), 'sub', 'keys.json');
    expect(createSecretFileOnce(file, newKeyFileContent('local-1'))).toBe(true);
    const first = readFileSync(file, 'utf8');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(createSecretFileOnce(file, newKeyFileContent('local-2'))).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(first);
    expect(loadKeyRing({ keyFile: file }).currentKeyId).toBe('local-1');
  });
});
