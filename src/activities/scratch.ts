import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';

/** A private scratch directory under the temp audio dir, removed afterwards whatever happens. */
export async function withScratchDir<T>(tempAudioDir: string, label: string, work: (dir: string) => Promise<T>): Promise<T> {
  await mkdir(tempAudioDir, { recursive: true });
  const dir = await mkdtemp(path.join(tempAudioDir, `${label}-`));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
