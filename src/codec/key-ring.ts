import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** AES-256 keys by id; the current one encrypts, any of them decrypts (so old histories survive a rotation). */
export interface KeyRing {
  currentKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
}

/** Where the keys come from (design: environment first, else a JSON key file). */
export interface KeyRingSettings {
  /** `PAYLOAD_ENCRYPTION_KEYS`: `id1:base64key,id2:base64key`. */
  keys?: string;
  /** `PAYLOAD_ENCRYPTION_KEY_ID`: the current key; without it the first key listed. */
  currentKeyId?: string;
  /** `PAYLOAD_ENCRYPTION_KEY_FILE`: `{ "current": "id", "keys": { "id": "base64key" } }`. */
  keyFile: string;
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const KEY_BYTES = 32;

/** A bad setting names the variable and the key id, never the key material. */
function parseKey(id: string, base64: string, source: string): Buffer {
  if (!KEY_ID.test(id)) throw new Error(`${source}: key id "${id.slice(0, 64)}" must be 1-64 letters, digits, '.', '_' or '-'`);
  const key = Buffer.from(base64, 'base64');
  if (key.length !== KEY_BYTES || key.toString('base64') !== base64.trim()) {
    throw new Error(`${source}: key "${id}" must be ${KEY_BYTES} bytes in base64 (AES-256)`);
  }
  return key;
}

function ringOf(entries: [string, Buffer][], currentKeyId: string | undefined, source: string): KeyRing {
  if (entries.length === 0) throw new Error(`${source}: no keys`);
  const keys = new Map<string, Buffer>();
  for (const [id, key] of entries) {
    if (keys.has(id)) throw new Error(`${source}: key id "${id}" appears twice`);
    keys.set(id, key);
  }
  const current = currentKeyId ?? entries[0]![0];
  if (!keys.has(current)) throw new Error(`${source}: current key id "${current}" is not among the keys (${[...keys.keys()].join(', ')})`);
  return { currentKeyId: current, keys };
}

export function parseKeyList(list: string, currentKeyId: string | undefined): KeyRing {
  const source = 'PAYLOAD_ENCRYPTION_KEYS';
  const entries = list
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item): [string, Buffer] => {
      const colon = item.indexOf(':');
      if (colon < 0) throw new Error(`${source}: each entry must be id:base64key`);
      const id = item.slice(0, colon);
      return [id, parseKey(id, item.slice(colon + 1), source)];
    });
  return ringOf(entries, currentKeyId || undefined, source);
}

export function parseKeyFile(text: string, file: string, currentKeyId: string | undefined): KeyRing {
  const source = `PAYLOAD_ENCRYPTION_KEY_FILE ${file}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${source}: not JSON`);
  }
  const { current, keys } = (parsed ?? {}) as { current?: unknown; keys?: unknown };
  if (typeof keys !== 'object' || keys === null || Array.isArray(keys)) throw new Error(`${source}: "keys" must be an object of id → base64 key`);
  if (current !== undefined && typeof current !== 'string') throw new Error(`${source}: "current" must be a key id`);
  const entries = Object.entries(keys).map(([id, value]): [string, Buffer] => {
    if (typeof value !== 'string') throw new Error(`${source}: key "${id}" must be a base64 string`);
    return [id, parseKey(id, value, source)];
  });
  return ringOf(entries, currentKeyId || current, source);
}

/** The environment's keys when set, otherwise the key file's. */
export function loadKeyRing(settings: KeyRingSettings): KeyRing {
  if (settings.keys) return parseKeyList(settings.keys, settings.currentKeyId);
  let text: string;
  try {
    text = readFileSync(settings.keyFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new Error(
      `No payload encryption key: set PAYLOAD_ENCRYPTION_KEYS or PAYLOAD_ENCRYPTION_KEY_FILE (${settings.keyFile} does not exist; ` +
        '`npm run setup` creates a local one)',
    );
  }
  return parseKeyFile(text, settings.keyFile, settings.currentKeyId);
}

export function newKeyFileContent(keyId: string): string {
  return `${JSON.stringify({ current: keyId, keys: { [keyId]: randomBytes(KEY_BYTES).toString('base64') } }, null, 2)}\n`;
}

/**
 * Writes `content` to `file` readable by its owner only, unless the file exists (`wx`): a second run never
 * replaces a key that histories were written under. Returns whether it wrote.
 */
export function createSecretFileOnce(file: string, content: string): boolean {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, content, { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}
