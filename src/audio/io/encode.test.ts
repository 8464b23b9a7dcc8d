import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeMasterWav, encodePreview, probeDuration } from './encode';
import { runTool } from './run-tool';
import { AudioToolError } from './tool-errors';

async function streamInfo(path: string): Promise<Record<string, string>> {
  const { stdout } = await runTool('ffprobe', ['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'stream=codec_name,sample_rate,channels,bit_rate,bits_per_sample', '-of', 'default=noprint_wrappers=1', path]);
  return Object.fromEntries(stdout.trim().split('\n').map((line) => line.split('=') as [string, string]));
}

/** Mean level in dBFS of a stretch of a file, as ffmpeg's volumedetect reports it. */
async function meanVolumeDb(path: string, start: number, seconds: number): Promise<number> {
  const { stderr } = await runTool('ffmpeg', ['-hide_banner', '-nostdin', '-ss', String(start), '-t', String(seconds), '-i', path, '-af', 'volumedetect', '-f', 'null', '-']);
  const match = /mean_volume: (-?[\d.]+|-inf) dB/.exec(stderr);
  return match?.[1] === undefined || match[1] === '-inf' ? Number.NEGATIVE_INFINITY : Number.parseFloat(match[1]);
}

describe('encoders (ffmpeg)', () => {
  let dir: string;
  let tone: string;
  let shortTone: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'encode-test-'));
    tone = join(dir, 'tone.wav');
    shortTone = join(dir, 'short.wav');
    // A 48 kHz float source, so the master really has to resample and reduce to 16 bits.
    await runTool('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=40', '-ac', '2', '-c:a', 'pcm_f32le', tone]);
    await runTool('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100:duration=10', '-ac', '2', shortTone]);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('probes a duration', async () => {
    await expect(probeDuration(tone)).resolves.toBeCloseTo(40, 3);
  });

  it('encodes a 30 s, 128 kbps stereo MP3 preview with a fade in and a fade out', async () => {
    const preview = join(dir, 'preview.mp3');
    await expect(encodePreview(tone, preview)).resolves.toEqual({ durationSeconds: 30 });
    expect(Math.abs((await probeDuration(preview)) - 30)).toBeLessThan(0.1);
    expect(await streamInfo(preview)).toMatchObject({ codec_name: 'mp3', sample_rate: '44100', channels: '2', bit_rate: '128000' });
    const middle = await meanVolumeDb(preview, 14, 1);
    expect(await meanVolumeDb(preview, 0, 0.05)).toBeLessThan(middle - 20);
    expect(await meanVolumeDb(preview, 29.9, 0.05)).toBeLessThan(middle - 20);
  });

  it('makes the preview as long as the input when the input is shorter, from a chosen start', async () => {
    const preview = join(dir, 'short.mp3');
    await expect(encodePreview(shortTone, preview, { startSeconds: 2 })).resolves.toEqual({ durationSeconds: 8 });
    expect(Math.abs((await probeDuration(preview)) - 8)).toBeLessThan(0.1);
  });

  it('refuses a preview that starts past the end', async () => {
    await expect(encodePreview(shortTone, join(dir, 'none.mp3'), { startSeconds: 12 })).rejects.toBeInstanceOf(AudioToolError);
  });

  it('writes the master as 44.1 kHz stereo 16-bit PCM of the same length', async () => {
    const master = join(dir, 'master.wav');
    const { durationSeconds } = await encodeMasterWav(tone, master);
    expect(durationSeconds).toBeCloseTo(40, 3);
    expect(await streamInfo(master)).toMatchObject({ codec_name: 'pcm_s16le', sample_rate: '44100', channels: '2', bits_per_sample: '16' });
  });

  it('fails with a typed error for input that is not audio or does not exist', async () => {
    const text = join(dir, 'notes.txt');
    await writeFile(text, 'not audio at all\n'.repeat(20));
    await expect(probeDuration(text)).rejects.toMatchObject({ name: 'AudioToolError', tool: 'ffprobe' });
    await expect(encodeMasterWav(join(dir, 'missing.wav'), join(dir, 'x.wav'))).rejects.toMatchObject({ name: 'AudioToolError', reason: 'failed' });
  });
});
