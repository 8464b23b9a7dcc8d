import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeAudio } from './analyze';
import { closeDspWorker } from './dsp-pool';
import { AudioInputError } from '../io/errors';
import { synthesizeTrack } from '../analysis/synthetic-track';
import { encodeWav16 } from '../io/wav-writer';

const dir = mkdtempSync(join(tmpdir(), 'analyze-test-'));
afterAll(async () => {
  await closeDspWorker();
  rmSync(dir, { recursive: true, force: true });
});

describe('analyzeAudio', () => {
  it('analyses a file in the worker, with loudness as ffmpeg measures it', async () => {
    const signal = synthesizeTrack({ bpm: 126, key: { tonic: 5, mode: 'minor' }, seconds: 30, sampleRate: 22050, seed: 8, gain: 0.5 });
    const path = join(dir, 'track.wav');
    writeFileSync(path, encodeWav16([signal, signal], 22050));
    const analysis = await analyzeAudio(path);
    expect(Math.abs(analysis.bpm / 126 - 1)).toBeLessThan(0.02);
    // F minor or its relative Ab major: the same Camelot number, the same harmonic neighbours.
    expect(analysis.camelot).toMatch(/^4[AB]$/);
    expect(analysis.durationSeconds).toBeCloseTo(30, 1);
    expect(analysis.truePeakDb).toBeGreaterThan(-6.5);
    expect(analysis.truePeakDb).toBeLessThan(-5);
  });

  it('measures a -20 dBFS 1 kHz mono sine at about -23 LUFS (BS.1770 calibration)', async () => {
    const sampleRate = 48000;
    const sine = Float32Array.from({ length: 10 * sampleRate }, (_, i) => 0.1 * Math.sin((2 * Math.PI * 1000 * i) / sampleRate));
    const analysis = await analyzeAudio({ sampleRate, channels: [sine] });
    expect(analysis.loudnessLufs).toBeCloseTo(-23, 0);
  });

  it('rejects a 0.2 s clip', async () => {
    const clip = { sampleRate: 11025, channels: [new Float32Array(2205).fill(0.1)] };
    await expect(analyzeAudio(clip)).rejects.toMatchObject({ code: 'TOO_SHORT' });
  });

  it('rejects digital silence', async () => {
    const path = join(dir, 'silence.wav');
    writeFileSync(path, encodeWav16([new Float32Array(5 * 22050)], 22050));
    const failure = analyzeAudio(path);
    await expect(failure).rejects.toBeInstanceOf(AudioInputError);
    await expect(failure).rejects.toMatchObject({ code: 'SILENT' });
  });
});
