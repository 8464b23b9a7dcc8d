import { stat } from 'node:fs/promises';
import path from 'node:path';
import { masterWav } from '../audio/io/master';
import { OUTPUT_SAMPLE_RATE } from '../audio/io/wav-fit';
import type { UploadedResults, UploadRequest } from '../contracts/music-generation';
import { generationKeys } from '../storage/keys';
import type { ActivityDependencies } from './dependencies';
import { jobLanePlace } from './lane-place';
import { withScratchWork } from './scratch-work';

const PREVIEW_SECONDS = 30;
const round1 = (value: number): number => Math.round(value * 10) / 10;

export function createGenerationResultActivities({ db, storage, tempAudioDir, audioLane }: ActivityDependencies) {
  return {
    /**
     * Master WAV (44.1 kHz stereo 16-bit, exactly the requested length, faded out, at -16 LUFS), 30 s MP3 preview and
     * metadata.json under customers/<customerId>/generations/<jobId>/. The keys are fixed per job, so a
     * retried upload overwrites what an earlier attempt left.
     */
    async uploadResults(request: UploadRequest): Promise<UploadedResults> {
      const keys = generationKeys(request.customerId, request.jobId);
      // A cancelled job stops between stages (the signal aborts once a heartbeat brings the cancel), so it
      // writes no result after the cancel was seen; what an earlier stage wrote the workflow's cleanup removes.
      return withScratchWork(tempAudioDir, 'upload', async (dir, signal) => {
        const generatedPath = path.join(dir, path.basename(request.generatedKey));
        const masterPath = path.join(dir, 'master.wav');
        const previewPath = path.join(dir, 'preview.mp3');
        await storage.downloadToFile(request.generatedKey, generatedPath);
        signal.throwIfAborted();
        const fadeOutSeconds = Math.min(3, request.durationSeconds / 4);
        // The master waits its turn in the audio lane, like the composer's render (docs/generation.md). Its preview
        // encoder takes a core of its own only when the lane leaves one free: under a burst, fewer CPU seconds a job.
        const mastered = await audioLane.run(
          await jobLanePlace(db, request),
          () => {
            const preview = { path: previewPath, seconds: PREVIEW_SECONDS, bitrateKbps: 128, encoderBeside: audioLane.freePermits > 0 };
            return masterWav(generatedPath, masterPath, request.durationSeconds, { fadeOutSeconds, preview });
          },
          signal,
        );
        signal.throwIfAborted();
        const durationSeconds = mastered.samples / OUTPUT_SAMPLE_RATE;
        const fileSizeBytes = (await stat(masterPath)).size;
        const metadata = {
          ...request.metadata,
          jobId: request.jobId,
          customerId: request.customerId,
          durationSeconds,
          files: {
            master: {
              key: keys.master, bytes: fileSizeBytes, format: 'wav', sampleRate: 44100, channels: 2, bitDepth: 16,
              integratedLufs: round1(mastered.loudness.integratedLufs), truePeakDbtp: round1(mastered.loudness.truePeakDb), gainDb: mastered.gainDb,
              limiterDbfs: mastered.limiterDb ?? null,
            },
            preview: { key: keys.preview, format: 'mp3', bitrateKbps: 128 },
          },
        };
        await Promise.all([storage.putFile(keys.master, masterPath, 'audio/wav'), storage.putFile(keys.preview, previewPath, 'audio/mpeg')]);
        signal.throwIfAborted();
        // Last, so that a metadata.json always describes files that are there.
        await storage.putBytes(keys.metadata, JSON.stringify(metadata, null, 2), 'application/json');
        return { masterKey: keys.master, previewKey: keys.preview, metadataKey: keys.metadata, fileSizeBytes, durationSeconds };
      });
    },
  };
}
