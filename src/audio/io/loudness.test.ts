import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeAudio } from './decode';
import { decodeWithLoudness, parseLoudnessLog } from './loudness';
import { encodeWav16 } from './wav-writer';

const dir = mkdtempSync(join(tmpdir(), 'loudness-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SAMPLE_RATE = 48000;

function sine(seconds: number, amplitude: number): Float32Array {
  return Float32Array.from({ length: seconds * SAMPLE_RATE }, (_, i) => amplitude * Math.sin((2 * Math.PI * 1000 * i) / SAMPLE_RATE));
}

/** A tone whose samples never land on its crests: peaks between samples, faded in and out so the edges add none. */
function betweenSamplesTone(frequency: number, phase: number, amplitude: number, sampleRate: number): Float32Array {
  const length = 3 * sampleRate;
  const fade = sampleRate / 2;
  return Float32Array.from({ length }, (_, i) => Math.min(1, i / fade, (length - 1 - i) / fade) * amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate + phase));
}

/** ffmpeg's own ebur128 run on its own, the reference the combined decode must agree with. */
function standaloneEbur128(path: string) {
  const result = spawnSync('ffmpeg', ['-hide_banner', '-nostats', '-i', path, '-af', 'ebur128=peak=true', '-f', 'null', '-'], { encoding: 'utf8' });
  return parseLoudnessLog(result.stderr)!;
}

describe('decodeWithLoudness', () => {
  it('returns the PCM decodeAudio returns and the figures ffmpeg ebur128 gives on its own', async () => {
    const path = join(dir, 'tone.wav');
    // A 1 kHz sine at -20 dBFS in one channel reads -23 LUFS (BS.1770 calibration).
    writeFileSync(path, encodeWav16([sine(10, 0.1)], SAMPLE_RATE));
    const { decoded, loudness } = await decodeWithLoudness(path, { sampleRate: 11025 });
    const alone = await decodeAudio(path, { sampleRate: 11025 });
    const [measured, plain] = [decoded.channels[0]!, alone.channels[0]!];
    expect(measured.length).toBe(plain.length);
    // The split graph may resample in double rather than float: the samples agree to rounding.
    expect(Math.max(...measured.map((sample, i) => Math.abs(sample - plain[i]!)))).toBeLessThan(1e-6);
    const reference = standaloneEbur128(path);
    expect({ ...loudness, truePeakDb: 0 }).toEqual({ ...reference, truePeakDb: 0 });
    expect(Math.abs(loudness.truePeakDb - reference.truePeakDb)).toBeLessThan(0.05);
    expect(loudness.integratedLufs).toBeCloseTo(-23, 0);
    expect(loudness.truePeakDb).toBeCloseTo(-20, 0);
  });

  it('measures only the decoded span', async () => {
    const path = join(dir, 'loud-then-quiet.wav');
    writeFileSync(path, encodeWav16([Float32Array.from([...sine(5, 0.1), ...sine(5, 0.05)])], SAMPLE_RATE));
    const whole = await decodeWithLoudness(path, { sampleRate: 11025 });
    const firstHalf = await decodeWithLoudness(path, { sampleRate: 11025, maxSeconds: 5 });
    expect(firstHalf.decoded.channels[0]!.length).toBe(5 * 11025);
    expect(firstHalf.loudness.integratedLufs).toBeCloseTo(-23, 0);
    // The second half is 6 dB quieter (inside the -10 LU relative gate), so the whole file reads about 2 LU lower.
    expect(whole.loudness.integratedLufs).toBeLessThan(firstHalf.loudness.integratedLufs - 1);
  });

  it('reports digital silence as -70 LUFS and an infinitely low peak', async () => {
    const path = join(dir, 'silence.wav');
    writeFileSync(path, encodeWav16([new Float32Array(3 * SAMPLE_RATE)], SAMPLE_RATE));
    const { loudness } = await decodeWithLoudness(path, { sampleRate: 11025 });
    expect(loudness.integratedLufs).toBe(-70);
    expect(loudness.truePeakDb).toBe(Number.NEGATIVE_INFINITY);
  });

  it.each([
    { sampleRate: 44100, frequency: 44100 / 4, phase: Math.PI / 4 },
    { sampleRate: 48000, frequency: 48000 / 6, phase: 0 },
  ])('reads the peak between samples as ebur128 does ($sampleRate Hz)', async ({ sampleRate, frequency, phase }) => {
    const path = join(dir, `between-samples-${sampleRate}.wav`);
    const tone = betweenSamplesTone(frequency, phase, 0.5, sampleRate);
    writeFileSync(path, encodeWav16([tone], sampleRate));
    const samplePeakDb = 20 * Math.log10(tone.reduce((peak, sample) => Math.max(peak, Math.abs(sample)), 0));
    const { loudness } = await decodeWithLoudness(path, { sampleRate: 11025 });
    // The crests are at 0.5 (-6.02 dBFS); the samples reach only 0.35 or 0.43.
    expect(samplePeakDb).toBeLessThan(-7);
    expect(loudness.truePeakDb).toBeCloseTo(-6.02, 1);
    expect(Math.abs(loudness.truePeakDb - standaloneEbur128(path).truePeakDb)).toBeLessThan(0.05);
  });

  it('keeps true peaks over full scale', async () => {
    const path = join(dir, 'over-full-scale.wav');
    // Full-scale samples of a 997 Hz square wave: between them the signal rises over 0 dBFS.
    const square = Float32Array.from({ length: 3 * SAMPLE_RATE }, (_, i) => (Math.sin((2 * Math.PI * 997 * i) / SAMPLE_RATE) >= 0 ? 1 : -1));
    writeFileSync(path, encodeWav16([square], SAMPLE_RATE));
    const { loudness } = await decodeWithLoudness(path, { sampleRate: 11025 });
    expect(loudness.truePeakDb).toBeGreaterThan(0.5);
  });
});
