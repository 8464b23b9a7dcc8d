import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { withTypedFailures } from './domain-failures';
import { withHeartbeat } from './heartbeat';

/**
 * The frame of every activity that works on local files: a private scratch directory under the temp audio
 * dir (removed afterwards whatever happens), heartbeats while `work` runs (it gets the activity's
 * cancellation signal), and the audio and planner modules' errors turned into typed failures.
 */
export async function withScratchWork<T>(tempAudioDir: string, label: string, work: (dir: string, signal: AbortSignal) => Promise<T>): Promise<T> {
  await mkdir(tempAudioDir, { recursive: true });
  const dir = await mkdtemp(path.join(tempAudioDir, `${label}-`));
  try {
    return await withHeartbeat((signal) => withTypedFailures(() => work(dir, signal)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
