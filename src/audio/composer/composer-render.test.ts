import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeMusic } from './composer';
import { runTool } from '../io/run-tool';
import { AudioToolError } from '../io/tool-errors';

/** Format and PCM samples of a 16-bit WAV, read from its chunks. */
function readWav(bytes: Buffer): { channels: number; sampleRate: number; bitsPerSample: number; frames: number; samples: Int16Array } {
  let offset = 12;
  let format: { channels: number; sampleRate: number; bitsPerSample: number } | undefined;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      format = { channels: bytes.readUInt16LE(body + 2), sampleRate: bytes.readUInt32LE(body + 4), bitsPerSample: bytes.readUInt16LE(body + 14) };
    } else if (id === 'data' && format) {
      const samples = new Int16Array(bytes.buffer.slice(bytes.byteOffset + body, bytes.byteOffset + body + size));
      return { ...format, frames: size / (format.channels * 2), samples };
    }
    offset = body + size + (size % 2);
  }
  throw new Error('no fmt/data chunk');
}

function rms(samples: Int16Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i += 1) sum += (samples[i] ?? 0) ** 2;
  return Math.sqrt(sum / Math.max(1, to - from));
}

describe('composeMusic rendering (fluidsynth + ffmpeg, TimGM6mb)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'composer-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const request = { mood: 'energetic', bpm: 128, key: 'D minor', instruments: ['synth', 'bass', 'drums', 'pad'], durationSeconds: 7.3, seed: 5 };

  it('writes 44.1 kHz stereo 16-bit audio of exactly the requested length, fading to silence', async () => {
    const output = join(dir, 'a.wav');
    const result = await composeMusic(request, output, { soundfontPreference: 'small', tempDir: dir });
    const wav = readWav(await readFile(output));
    expect({ channels: wav.channels, sampleRate: wav.sampleRate, bits: wav.bitsPerSample }).toEqual({ channels: 2, sampleRate: 44100, bits: 16 });
    expect(wav.frames).toBe(Math.round(7.3 * 44100));
    expect(result.samples).toBe(wav.frames);
    expect(result.soundfont).toBe('TimGM6mb');

    const middle = rms(wav.samples, 2 * 44100 * 2, 3 * 44100 * 2);
    const lastTwentyMs = rms(wav.samples, wav.samples.length - 2 * 882, wav.samples.length);
    expect(middle).toBeGreaterThan(500);
    expect(lastTwentyMs).toBeLessThan(middle / 20);
  });

  it('renders bit-identical audio for the same request and seed', async () => {
    const first = join(dir, 'b.wav');
    const second = join(dir, 'c.wav');
    await composeMusic(request, first, { soundfontPreference: 'small', tempDir: dir });
    await composeMusic(request, second, { soundfontPreference: 'small', tempDir: dir });
    expect((await readFile(first)).equals(await readFile(second))).toBe(true);
  });

  it('fails with a typed error when the configured soundfont does not exist', async () => {
    const failure = composeMusic(request, join(dir, 'd.wav'), { soundfontPath: join(dir, 'missing.sf2') });
    await expect(failure).rejects.toBeInstanceOf(AudioToolError);
    await expect(failure).rejects.toMatchObject({ reason: 'missing', retryable: false });
  });
});

describe('runTool', () => {
  it('sets the environment it is given over this process\'s own', async () => {
    const run = await runTool('sh', ['-c', 'printf "%s %s" "$SDL_AUDIODRIVER" "$PATH"'], { env: { SDL_AUDIODRIVER: 'dummy' } });
    expect(run.stdout).toBe(`dummy ${process.env.PATH}`);
  });

  it('reports a missing program as a non-retryable AudioToolError', async () => {
    await expect(runTool('no-such-audio-tool-here', [])).rejects.toMatchObject({ name: 'AudioToolError', reason: 'missing', retryable: false });
  });

  it('reports a failing program with its exit code and last stderr line', async () => {
    await expect(runTool('ffmpeg', ['-v', 'error', '-i', '/nonexistent/input.wav', '-f', 'null', '-'])).rejects.toMatchObject({
      reason: 'failed',
      exitCode: 1,
      message: expect.stringContaining('No such file'),
    });
  });
});
