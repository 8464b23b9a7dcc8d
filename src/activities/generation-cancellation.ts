import { log } from '@temporalio/activity';
import type { CancelledGenerationFiles, DiscardedGenerationFiles } from '../contracts/music-generation';
import { generationKeys, generationScratchPrefix } from '../storage/keys';
import type { ActivityDependencies } from './dependencies';

export function createGenerationCancellationActivities({ db, storage }: ActivityDependencies) {
  return {
    /**
     * What a cancelled job leaves behind: its scratch objects under tmp/ and any master, preview or
     * metadata.json a cancelled upload had already written (the result keys are fixed per job). Runs after
     * the job's activities stopped, so nothing writes there again. Neither Mureka's API nor the local composer
     * can cancel a task: the recorded task is left to run out and reported, and the job never submits again.
     */
    async discardCancelledGeneration({ jobId, customerId }: CancelledGenerationFiles): Promise<DiscardedGenerationFiles> {
      const keys: string[] = [];
      for await (const object of storage.list(generationScratchPrefix(jobId))) keys.push(object.key);
      const results = generationKeys(customerId, jobId);
      const written = await Promise.all([results.master, results.preview, results.metadata].map(async (key) => ((await storage.head(key)) ? key : undefined)));
      keys.push(...written.filter((key): key is string => key !== undefined));
      await storage.deleteMany(keys);

      const job = await db.generationJob.findUnique({ where: { jobId }, select: { provider: true, providerTaskId: true } });
      const abandonedProviderTask = job?.provider && job.providerTaskId ? { provider: job.provider, taskId: job.providerTaskId } : undefined;
      log.info('cancelled generation discarded', { jobId, deletedObjects: keys.length, abandonedProviderTask });
      return { deletedObjects: keys.length, abandonedProviderTask };
    },
  };
}
