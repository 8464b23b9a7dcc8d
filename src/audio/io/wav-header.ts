import { open } from 'node:fs/promises';
import { AudioInputError } from './errors';

/** Sizes that streaming writers (ffmpeg to a pipe, sox) put in a header when the length is unknown. */
const UNKNOWN_SIZES = new Set([0, 0xffffffff, 0x7fffffff]);
const HEADER_SCAN_BYTES = 64 * 1024;

/**
 * ffmpeg decodes a WAV whose data chunk was cut short without complaint, so an interrupted
 * upload would silently analyse as a shorter track. This reads the RIFF chunk list and fails
 * with TRUNCATED when the header promises more data than the file holds.
 */
export async function assertCompleteWav(path: string, fileSize: number): Promise<void> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(HEADER_SCAN_BYTES, fileSize));
    await handle.read(head, 0, head.length, 0);
    if (head.length < 12 || head.toString('ascii', 0, 4) !== 'RIFF' || head.toString('ascii', 8, 12) !== 'WAVE') return;

    let position = 12;
    while (position + 8 <= head.length) {
      const id = head.toString('ascii', position, position + 4);
      const size = head.readUInt32LE(position + 4);
      if (id === 'data') {
        const available = fileSize - (position + 8);
        if (!UNKNOWN_SIZES.has(size) && size > available) {
          throw new AudioInputError('TRUNCATED', `WAV data chunk declares ${size} bytes but the file holds ${available}`);
        }
        return;
      }
      position += 8 + size + (size % 2);
    }
    // Chunks that run past the scanned head (a large LIST or cover art) leave the check to ffmpeg.
    if (position + 8 <= fileSize) return;
    throw new AudioInputError('TRUNCATED', 'WAV file ends before its data chunk');
  } finally {
    await handle.close();
  }
}
