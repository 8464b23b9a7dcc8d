import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaClient } from '../generated/prisma/client';

export type Database = PrismaClient;

/** Prisma 7 client over node-postgres: no query-engine binary is needed. */
export function createDatabase(databaseUrl: string): Database {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
}

/**
 * A plain pg pool for what Prisma cannot do (VACUUM, the fingerprint index's bulk inserts and packed rows). An idle connection that
 * the server drops (a restart, a failover) emits 'error'; unhandled, that would end the process, so it is
 * reported and the pool opens a new connection on the next query.
 */
export function createSqlPool(databaseUrl: string, onIdleError: (error: Error) => void, max = 4): Pool {
  const pool = new Pool({ connectionString: databaseUrl, max });
  pool.on('error', onIdleError);
  return pool;
}
