import path from 'node:path';
import type { MusicTaskStatus, SubmitMusicTaskInput, SubmittedGeneration } from '../contracts/music-generation';
import { generationScratchKey } from '../storage/keys';
import type { ActivityDependencies } from './dependencies';
import { withTypedFailures } from './domain-failures';
import { withHeartbeat } from './heartbeat';
import { lanePlace } from './lane-place';
import { withScratchWork } from './scratch-work';

export function createMusicGenerationActivities({ db, music, storage, tempAudioDir, audioLane }: ActivityDependencies) {
  /**
   * A provider that keeps its audio in our storage (the local composer) has finished by the time submit returns:
   * one look here spares the job a poll and a fetch, each a round trip through the task queue. Providers
   * that render remotely (Mureka) are not asked: their first poll stays on the workflow's timer.
   */
  const audioInOurStorage = async (taskId: string): Promise<Pick<SubmittedGeneration, 'generatedKey'>> => {
    if (!music.storedKey) return {};
    const status = await music.poll(taskId);
    const generatedKey = status.status === 'succeeded' ? music.storedKey(status.audioUrl) : undefined;
    return generatedKey ? { generatedKey } : {};
  };

  return {
    /**
     * Submits the generation once per job. The task id is written to the job row before this returns,
     * so a retry after a crash finds it and polls that task instead of paying for a second one.
     */
    async submitMusicTask({ jobId, request, acceptedAtMs }: SubmitMusicTaskInput): Promise<SubmittedGeneration> {
      const job = await db.generationJob.findUnique({ where: { jobId }, select: { provider: true, providerTaskId: true, createdAt: true, customerId: true } });
      if (job?.providerTaskId && job.provider === music.name) return { provider: music.name, taskId: job.providerTaskId, ...(await audioInOurStorage(job.providerTaskId)) };
      const submit = () => withTypedFailures(() => music.submit(request));
      // A render on this worker's CPU waits its turn in the audio lane (docs/generation.md).
      const { taskId } = await withHeartbeat((signal) => (music.rendersOnWorker ? audioLane.run(lanePlace({ jobId, acceptedAtMs }, job), submit, signal) : submit()));
      await db.generationJob.update({ where: { jobId }, data: { provider: music.name, providerTaskId: taskId } });
      return { provider: music.name, taskId, ...(await audioInOurStorage(taskId)) };
    },

    /** One look at the task; the workflow waits between looks on a durable timer. */
    async pollMusicTask({ taskId }: { taskId: string }): Promise<MusicTaskStatus> {
      return music.poll(taskId);
    },

    /**
     * Copies the finished audio into the job's scratch space before the provider's link expires. Audio the
     * provider keeps in our own storage (the local composer) is used where it is: copying it would move the
     * same bytes down and up again.
     */
    async fetchGeneratedAudio({ jobId, audioUrl, audioFormat }: { jobId: string; audioUrl: string; audioFormat: string }): Promise<{ generatedKey: string }> {
      const storedKey = music.storedKey?.(audioUrl);
      if (storedKey) return { generatedKey: storedKey };
      return withScratchWork(tempAudioDir, 'fetch', async (dir, signal) => {
        const localPath = path.join(dir, `generated.${audioFormat}`);
        await music.download(audioUrl, localPath);
        signal.throwIfAborted();
        const generatedKey = generationScratchKey(jobId, `generated.${audioFormat}`);
        await storage.putFile(generatedKey, localPath, `audio/${audioFormat === 'mp3' ? 'mpeg' : audioFormat}`);
        return { generatedKey };
      });
    },
  };
}
