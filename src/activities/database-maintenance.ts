import { heartbeat } from '@temporalio/activity';
import type { ActivityDependencies } from './dependencies';

/** Tables with the most churn: the ones worth a regular VACUUM (ANALYZE). */
export const HOT_TABLES = ['GenerationJob', 'Session', 'DeadLetter', 'FingerprintHash', 'Track', 'RecommendationCache'] as const;

export function createDatabaseMaintenanceActivities({ sql }: ActivityDependencies) {
  return {
    /**
     * VACUUM cannot run inside a transaction block, so it goes through a plain pg connection in
     * autocommit mode, one table per statement. Table names come from the fixed list above, never from input.
     */
    async vacuumAnalyze(): Promise<string[]> {
      const done: string[] = [];
      const client = await sql.connect();
      try {
        for (const table of HOT_TABLES) {
          heartbeat({ table });
          await client.query(`VACUUM (ANALYZE) "${table}"`);
          done.push(table);
        }
      } finally {
        client.release();
      }
      return done;
    },
  };
}
