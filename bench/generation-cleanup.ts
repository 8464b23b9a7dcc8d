import type { createDatabase } from '../src/db/client';
import type { createStorage } from '../src/storage';
import { generationKeys, generationScratchKey } from '../src/storage/keys';
import type { BenchJob } from './generation-direct';

/**
 * Deletes the compositions the jobs rendered. The composer keeps a composition under a key derived from its request
 * and does not render an equal request again, so a bench that runs the same pieces in several modes calls this after
 * each mode: every mode renders its pieces itself.
 */
export async function forgetCompositions(
  jobs: readonly Pick<BenchJob, 'jobId'>[],
  { db, storage }: { db: ReturnType<typeof createDatabase>; storage: ReturnType<typeof createStorage> },
): Promise<void> {
  const rows = await db.generationJob.findMany({ where: { jobId: { in: jobs.map((job) => job.jobId) } }, select: { providerTaskId: true } });
  await storage.deleteMany(rows.flatMap((row) => (row.providerTaskId ? [row.providerTaskId] : [])));
}

/** Deletes what benchmark jobs left: the three results, scratch audio, composer renders and rows. */
export async function removeGenerationOutput(
  jobs: readonly Pick<BenchJob, 'jobId' | 'customerId'>[],
  { db, storage }: { db: ReturnType<typeof createDatabase>; storage: ReturnType<typeof createStorage> },
): Promise<void> {
  await forgetCompositions(jobs, { db, storage });
  await storage.deleteMany(
    jobs.flatMap(({ jobId, customerId }) => {
      const results = generationKeys(customerId, jobId);
      return [results.master, results.preview, results.metadata, generationScratchKey(jobId, 'generated.wav')];
    }),
  );
  await db.generationJob.deleteMany({ where: { jobId: { in: jobs.map((job) => job.jobId) } } });
}
