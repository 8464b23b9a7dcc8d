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
  let created = false;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    created = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw unusableFile(file, error);
  }
  let secret: string;
  try {
    secret = (await readFile(file, 'utf8')).trim();
  } catch (error) {
    throw unusableFile(file, error);
  }
  if (secret.length < 32) throw new Error(`Invalid configuration: ID_SECRET_FILE ${file} must hold at least 32 characters`);
  return { secret: Buffer.from(secret, 'utf8'), created };
}

function unusableFile(file: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  return new Error(`Invalid configuration: ID_SECRET is unset and ID_SECRET_FILE ${file} cannot be made or read (${code}); set ID_SECRET or a writable ID_SECRET_FILE`);
}
