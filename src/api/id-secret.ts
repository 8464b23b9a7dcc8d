import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface IdSecretSource {
  /** ID_SECRET, when set. */
  value?: string;
  /** ID_SECRET_FILE: read when ID_SECRET is unset, and made with a fresh random secret when missing. */
  file: string;
}

/**
 * The secret behind idempotent job and plan ids (resource-ids.ts). Secure by default: with nothing configured
 * a random one is made once in the data directory (mode 600) and reused by every later start. Every API
 * instance must use the same secret, and changing it maps an old Idempotency-Key to a new id.
 */
export async function loadIdSecret({ value, file }: IdSecretSource): Promise<{ secret: Buffer; created: boolean }> {
  if (value !== undefined) return { secret: Buffer.from(value, 'utf8'), created: false };
  await mkdir(path.dirname(file), { recursive: true });
  try {
    await writeFile(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    return { secret: await readSecretFile(file), created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return { secret: await readSecretFile(file), created: false };
}

async function readSecretFile(file: string): Promise<Buffer> {
  const secret = (await readFile(file, 'utf8')).trim();
  if (secret.length < 32) throw new Error(`Invalid configuration: ID_SECRET_FILE ${file} must hold at least 32 characters`);
  return Buffer.from(secret, 'utf8');
}
