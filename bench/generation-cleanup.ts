import type { createDatabase } from '../src/db/client';
import type { createStorage } from '../src/storage';
import { generationKeys, generationScratchKey } from '../src/storage/keys';
import type { BenchJob } from './generation-direct';

/** Deletes what benchmark jobs left: the three results, scratch audio, composer renders and rows. */
export async function removeGenerationOutput(
  jobs: readonly Pick<BenchJob, 'jobId' | 'customerId'>[],
  { db, storage }: { db: ReturnType<typeof createDatabase>; storage: ReturnType<typeof createStorage> },
): Promise<void> {
  const jobIds = jobs.map((job) => job.jobId);
  const rows = await db.generationJob.findMany({ where: { jobId: { in: jobIds } }, select: { providerTaskId: true } });
  const keys = jobs.flatMap(({ jobId, customerId }) => {
    const results = generationKeys(customerId, jobId);
    return [results.master, results.preview, results.metadata, generationScratchKey(jobId, 'generated.wav')];
  });
  keys.push(...rows.flatMap((row) => (row.providerTaskId ? [row.providerTaskId] : [])));
  await storage.deleteMany(keys);
  await db.generationJob.deleteMany({ where: { jobId: { in: jobIds } } });
}
