import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeAudio } from './decode';
import { AudioInputError } from './errors';
import { encodeWav16 } from './wav-writer';

const dir = mkdtempSync(join(tmpdir(), 'decode-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tone(seconds: number, sampleRate = 22050): Float32Array {
  return Float32Array.from({ length: Math.round(seconds * sampleRate) }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / sampleRate));
}

async function expectCode(promise: Promise<unknown>, code: AudioInputError['code']): Promise<void> {
  await expect(promise).rejects.toBeInstanceOf(AudioInputError);
  await expect(promise).rejects.toMatchObject({ code });
}

describe('decodeAudio', () => {
  it('decodes WAV, MP3, OGG, FLAC and M4A to PCM at the requested rate', async () => {
    const wav = join(dir, 'tone.wav');
    writeFileSync(wav, encodeWav16([tone(3)], 22050));
    for (const [extension, codec] of [['mp3', 'libmp3lame'], ['ogg', 'libvorbis'], ['flac', 'flac'], ['m4a', 'aac']] as const) {
      execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', wav, '-c:a', codec, join(dir, `tone.${extension}`)]);
    }
    for (const extension of ['wav', 'mp3', 'ogg', 'flac', 'm4a']) {
      const decoded = await decodeAudio(join(dir, `tone.${extension}`), { sampleRate: 11025, channels: 2 });
      expect(decoded.sampleRate).toBe(11025);
      expect(decoded.channels).toHaveLength(2);
      expect(decoded.channels[0]!.length / 11025).toBeCloseTo(3, 0);
      expect(decoded.limited).toBe(false);
    }
  });

  it('rejects a missing file', async () => {
    await expectCode(decodeAudio(join(dir, 'missing.wav'), { sampleRate: 11025 }), 'FILE_NOT_FOUND');
  });

  it('rejects an empty file', async () => {
    const path = join(dir, 'empty.mp3');
    writeFileSync(path, Buffer.alloc(0));
    await expectCode(decodeAudio(path, { sampleRate: 11025 }), 'EMPTY_FILE');
  });

  it('rejects a WAV whose data was cut short', async () => {
    const path = join(dir, 'truncated.wav');
    writeFileSync(path, encodeWav16([tone(2)], 22050).subarray(0, 20_000));
    await expectCode(decodeAudio(path, { sampleRate: 11025 }), 'TRUNCATED');
  });

  it('rejects a WAV cut inside its header', async () => {
    const path = join(dir, 'header-only.wav');
    writeFileSync(path, encodeWav16([tone(2)], 22050).subarray(0, 30));
    await expectCode(decodeAudio(path, { sampleRate: 11025 }), 'TRUNCATED');
  });

  it('rejects a file that is not audio', async () => {
    const path = join(dir, 'notes.mp3');
    writeFileSync(path, 'these are not the sounds you are looking for\n'.repeat(50));
    await expectCode(decodeAudio(path, { sampleRate: 11025 }), 'NOT_AUDIO');
  });

  it('rejects a 0.2 s clip when more is required', async () => {
    const path = join(dir, 'short.wav');
    writeFileSync(path, encodeWav16([tone(0.2)], 22050));
    await expectCode(decodeAudio(path, { sampleRate: 11025, minSeconds: 2 }), 'TOO_SHORT');
  });

  it('decodes only the first maxSeconds of a 3-hour file and reports its full length', async () => {
    const path = join(dir, 'three-hours.flac');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=f=220:r=8000:d=10800', '-c:a', 'flac', path]);
    const decoded = await decodeAudio(path, { sampleRate: 8000, maxSeconds: 5 });
    expect(decoded.channels[0]!.length).toBe(5 * 8000);
    expect(decoded.sourceDurationSeconds).toBeCloseTo(10800, 0);
    expect(decoded.limited).toBe(true);
  });
});
