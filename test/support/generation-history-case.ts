import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { composeMusic } from '../../src/audio/composer/composer';
import type { GenerationInput } from '../../src/contracts/music-generation';
import { generationInput, serveFile } from './generation';

export interface GenerationHistoryCase {
  workflowType: 'musicGenerationWorkflow';
  args: [GenerationInput];
  close(): Promise<void>;
}

/**
 * The happy path of musicGenerationWorkflow with the local providers, for a saved history: a prompt,
 * a transcript and a reference song served from this process, so every step runs. The worker that
 * records it must allow private reference hosts (the reference is on 127.0.0.1).
 */
export async function startGenerationHistoryCase(): Promise<GenerationHistoryCase> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'generation-history-'));
  const referencePath = path.join(dir, 'reference.wav');
  await composeMusic({ mood: 'happy', bpm: 110, key: 'G major', durationSeconds: 20, seed: 11 }, referencePath, { soundfontPreference: 'small' });
  const reference = await serveFile(referencePath);
  const input = generationInput({
    durationSeconds: 10,
    instruments: ['piano', 'bass'],
    referenceUrl: reference.url,
    isSceneAware: true,
    segments: [
      { start: 0, end: 4, text: 'Good morning! Let us get this garden ready for spring.' },
      { start: 4, end: 9, text: 'Slowly now, plant the seeds and water them gently.' },
    ],
  });
  return {
    workflowType: 'musicGenerationWorkflow',
    args: [input],
    close: async () => {
      await reference.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
