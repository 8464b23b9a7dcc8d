import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API key tokens: `imx_live_<public id>_<secret>`. The public id (12 hex characters) finds the key's row and
 * lets a person recognise the key in `npm run keys -- list`; the secret is 32 random bytes in base64url.
 * Only SHA-256 of the secret is stored. A fast hash is enough here: slow password hashes (bcrypt, scrypt,
 * argon2) exist to make guessing low-entropy passwords expensive, while guessing a 256-bit random secret is
 * out of reach at any speed, and each request would otherwise pay a deliberately slow hash.
 */
export const API_KEY_PREFIX = 'imx_live_';
const PUBLIC_ID_BYTES = 6;
const SECRET_BYTES = 32;
const TOKEN_PATTERN = /^imx_live_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKey {
  /** The whole key, shown to its owner once and never stored. */
  token: string;
  /** `imx_live_<public id>`: stored, shown in lists, used to look the key up. */
  prefix: string;
  /** SHA-256 of the secret part, hex. */
  keyHash: string;
}

export interface ParsedApiKey {
  prefix: string;
  secret: string;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function generateApiKey(): NewApiKey {
  const prefix = `${API_KEY_PREFIX}${randomBytes(PUBLIC_ID_BYTES).toString('hex')}`;
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  return { token: `${prefix}_${secret}`, prefix, keyHash: hashSecret(secret) };
}

/** The key's parts, or undefined when the text is not shaped like a key at all. */
export function parseApiKey(token: string): ParsedApiKey | undefined {
  const match = TOKEN_PATTERN.exec(token);
  return match ? { prefix: `${API_KEY_PREFIX}${match[1]}`, secret: match[2]! } : undefined;
}

/** Compares the secret's hash with the stored one in constant time (both are 64 hex characters). */
export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return stored.length === given.length && timingSafeEqual(given, stored);
}

/** The token of an `Authorization: Bearer <token>` header, or undefined for any other shape. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer +(\S+) *$/i.exec(header);
  return match?.[1];
}
