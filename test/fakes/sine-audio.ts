import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SineOptions {
  seconds: number;
  frequencyHz?: number;
}

/** Writes a real stereo 44.1 kHz sine tone with ffmpeg; the container follows the file extension. */
export async function writeSineAudio(path: string, options: SineOptions): Promise<void> {
  const source = `sine=frequency=${options.frequencyHz ?? 440}:duration=${options.seconds}:sample_rate=44100`;
  await run('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', source, '-ac', '2', path]);
}
