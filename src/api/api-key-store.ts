import type { Database } from '../db/client';
import type { ApiKey, ApiKeyScope } from '../generated/prisma/client';
import { SAFE_ID_PATTERN, SAFE_ID_RULE } from '../shared/ids';
import { API_KEY_PREFIX, generateApiKey, parseApiKey, secretMatches } from './api-keys';

/** Who is calling: the key's customer and what the key may do. */
export interface Caller {
  keyId: string;
  customerId: string;
  scope: ApiKeyScope;
}

/** lastUsedAt is written at most this often per key, so busy keys cost no write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;
/** Looked up when the token is malformed, so such a request does the same work as an unknown key. */
const NEVER_A_PREFIX = `${API_KEY_PREFIX}-`;
/** Compared against when no row matched, for the same reason. */
const NEVER_A_HASH = '0'.repeat(64);

export interface CreatedApiKey {
  token: string;
  key: ApiKey;
}

/** Makes a key for a customer (creating the customer row if new); the token is returned once and never stored. */
export async function createApiKey(
  db: Database,
  { customerId, scope = 'customer', label, customerName }: { customerId: string; scope?: ApiKeyScope; label?: string; customerName?: string },
): Promise<CreatedApiKey> {
  if (!SAFE_ID_PATTERN.test(customerId)) throw new Error(`customer ${JSON.stringify(customerId)} ${SAFE_ID_RULE}`);
  const { token, prefix, keyHash } = generateApiKey();
  const key = await db.$transaction(async (tx) => {
    await tx.customer.upsert({ where: { id: customerId }, create: { id: customerId, name: customerName ?? customerId }, update: {} });
    return tx.apiKey.create({ data: { customerId, scope, label: label ?? null, prefix, keyHash } });
  });
  return { token, key };
}

export function listApiKeys(db: Database, customerId?: string): Promise<ApiKey[]> {
  return db.apiKey.findMany({ where: customerId ? { customerId } : {}, orderBy: { createdAt: 'asc' } });
}

/** Revokes a key named by its id or its prefix; undefined when no key has that name. Revoking twice keeps the first time. */
export async function revokeApiKey(db: Database, idOrPrefix: string): Promise<ApiKey | undefined> {
  const key = await db.apiKey.findFirst({ where: idOrPrefix.startsWith(API_KEY_PREFIX) ? { prefix: idOrPrefix } : { id: idOrPrefix } });
  if (!key) return undefined;
  if (key.revokedAt) return key;
  return db.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
}

/**
 * The caller behind a bearer token, or undefined for a malformed, unknown or revoked key. All three do the
 * same work (one lookup, one constant-time hash comparison), so neither the answer nor its timing tells them apart.
 */
export async function findCaller(db: Database, token: string, now = new Date()): Promise<Caller | undefined> {
  const parsed = parseApiKey(token);
  const row = await db.apiKey.findUnique({ where: { prefix: parsed?.prefix ?? NEVER_A_PREFIX } });
  const matches = secretMatches(parsed?.secret ?? '', row?.keyHash ?? NEVER_A_HASH);
  if (!parsed || !row || !matches || row.revokedAt) return undefined;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return { keyId: row.id, customerId: row.customerId, scope: row.scope };
}
