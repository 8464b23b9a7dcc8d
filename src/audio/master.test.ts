import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeDuration } from './encode';
import { measureFileLoudness } from './loudness';
import { MASTER_CEILING_DBTP, MASTER_TARGET_LUFS, masterGainDb, masterWav } from './master';

const dir = mkdtempSync(join(tmpdir(), 'master-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function lavfi(name: string, source: string, filter = 'anull'): string {
  const path = join(dir, name);
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', source, '-af', filter, '-ac', '2', '-c:a', 'pcm_s16le', path]);
  return path;
}

describe('masterGainDb', () => {
  it('brings the integrated loudness to the target', () => {
    expect(masterGainDb({ integratedLufs: -24.3, truePeakDb: -20, loudnessRangeLu: 5 })).toBeCloseTo(MASTER_TARGET_LUFS + 24.3, 2);
  });

  it('turns a loud track down as well as a quiet one up', () => {
    expect(masterGainDb({ integratedLufs: -9, truePeakDb: 0.5, loudnessRangeLu: 3 })).toBeCloseTo(-7, 2);
  });

  it('stops at the true-peak ceiling instead of limiting', () => {
    expect(masterGainDb({ integratedLufs: -30, truePeakDb: -6, loudnessRangeLu: 3 })).toBeCloseTo(MASTER_CEILING_DBTP + 6, 2);
  });

  it('leaves silence alone and never boosts by more than 20 dB', () => {
    expect(masterGainDb({ integratedLufs: -70, truePeakDb: Number.NEGATIVE_INFINITY, loudnessRangeLu: 0 })).toBe(0);
    expect(masterGainDb({ integratedLufs: -60, truePeakDb: -50, loudnessRangeLu: 0 })).toBe(20);
  });
});

describe('masterWav', () => {
  it('writes a master of exactly the requested length at the target loudness, the same bytes every time', async () => {
    // Pink noise at about -30 LUFS: quiet, with a low crest factor, so the ceiling does not bind.
    const input = lavfi('quiet.wav', 'anoisesrc=d=8:c=pink:a=0.1:r=44100:seed=3');
    const first = join(dir, 'first.wav');
    const second = join(dir, 'second.wav');
    const mastered = await masterWav(input, first, 6.5, { fadeOutSeconds: 1 });
    await masterWav(input, second, 6.5, { fadeOutSeconds: 1 });

    expect(mastered.samples).toBe(Math.round(6.5 * 44100));
    expect(await probeDuration(first)).toBeCloseTo(6.5, 3);
    expect(mastered.gainDb).toBeGreaterThan(10);
    const measured = await measureFileLoudness(first);
    expect(measured.integratedLufs).toBeCloseTo(MASTER_TARGET_LUFS, 0);
    expect(Math.abs(measured.integratedLufs - mastered.loudness.integratedLufs)).toBeLessThan(0.2);
    expect(readFileSync(first).equals(readFileSync(second))).toBe(true);
  });

  it('keeps a peaky track under the true-peak ceiling, quieter than the target', async () => {
    // 5 ms bursts twice a second: peaks near full scale, little energy.
    const input = lavfi('clicks.wav', "aevalsrc='if(lt(mod(t,0.5),0.005),0.5*sin(2*PI*1000*t),0)':d=6:s=44100");
    const output = join(dir, 'clicks-master.wav');
    const mastered = await masterWav(input, output, 6, { fadeOutSeconds: 0.5 });
    const measured = await measureFileLoudness(output);
    expect(mastered.gainDb).toBeGreaterThan(0);
    expect(measured.truePeakDb).toBeLessThanOrEqual(MASTER_CEILING_DBTP + 0.1);
    expect(measured.truePeakDb).toBeGreaterThan(MASTER_CEILING_DBTP - 0.5);
    expect(measured.integratedLufs).toBeLessThan(MASTER_TARGET_LUFS - 2);
  });
});
