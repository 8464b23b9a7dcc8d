import { heartbeat } from '@temporalio/activity';
import type { PackedFigures } from '../audio/fingerprint/fingerprint-index';
import type { ActivityDependencies } from './dependencies';

/** Tables with the most churn: the ones worth a regular VACUUM (ANALYZE). */
export const HOT_TABLES = ['GenerationJob', 'Session', 'DeadLetter', 'FingerprintPostings', 'FingerprintPending', 'Track', 'RecommendationCache'] as const;

export function createDatabaseMaintenanceActivities({ sql, fingerprints }: ActivityDependencies) {
  return {
    /** Merges the landmarks indexed since the last run into the packed fingerprint rows (src/db/fingerprint-index.ts). */
    async packFingerprints(): Promise<PackedFigures> {
      return fingerprints.pack((figures) => heartbeat(figures));
    },

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
