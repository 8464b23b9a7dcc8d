import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeDuration } from './encode';
import { measureFileLoudness } from './loudness';
import { MASTER_CEILING_DBTP, MASTER_TARGET_LUFS, masterWav, planMaster, refineMaster } from './master';

const dir = mkdtempSync(join(tmpdir(), 'master-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function lavfi(name: string, source: string): string {
  const path = join(dir, name);
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', source, '-ac', '2', '-c:a', 'pcm_s16le', path]);
  return path;
}

/** Index of the first stereo frame whose left sample is louder than `threshold` (of full scale). */
function firstFrameAbove(path: string, threshold: number): number {
  const bytes = readFileSync(path);
  const data = bytes.indexOf('data') + 8;
  for (let frame = 0; data + frame * 4 + 2 <= bytes.length; frame++) {
    if (Math.abs(bytes.readInt16LE(data + frame * 4)) > threshold * 32768) return frame;
  }
  return -1;
}

describe('planMaster', () => {
  it('brings the integrated loudness to the target with gain alone when the peaks allow it', () => {
    expect(planMaster({ integratedLufs: -24.3, truePeakDb: -20, loudnessRangeLu: 5 })).toEqual({ gainDb: 8.3 });
    expect(planMaster({ integratedLufs: -9, truePeakDb: 0.5, loudnessRangeLu: 3 })).toEqual({ gainDb: -7 });
  });

  it('limits peaks that the gain lifts over the ceiling by up to 3 dB', () => {
    expect(planMaster({ integratedLufs: -25.9, truePeakDb: -10, loudnessRangeLu: 3 })).toEqual({ gainDb: 9.9, limiterDb: MASTER_CEILING_DBTP - 0.5 });
  });

  it('turns the gain down rather than limit by more than 3 dB', () => {
    // The full 14 dB would put peaks 7 dB over the ceiling: 4 dB less gain, 3 dB of limiting.
    expect(planMaster({ integratedLufs: -30, truePeakDb: -8, loudnessRangeLu: 3 })).toEqual({ gainDb: 10, limiterDb: MASTER_CEILING_DBTP - 0.5 });
  });

  it('leaves silence alone and never boosts by more than 20 dB', () => {
    expect(planMaster({ integratedLufs: -70, truePeakDb: Number.NEGATIVE_INFINITY, loudnessRangeLu: 0 })).toEqual({ gainDb: 0 });
    expect(planMaster({ integratedLufs: -60, truePeakDb: -50, loudnessRangeLu: 0 })).toEqual({ gainDb: 20 });
  });
});

describe('refineMaster', () => {
  const source = { integratedLufs: -25.9, truePeakDb: -10, loudnessRangeLu: 3 };
  const limited = { gainDb: 9.9, limiterDb: MASTER_CEILING_DBTP - 0.5 };

  it('puts the loudness the limiter took back into its input gain', () => {
    expect(refineMaster(limited, source, { integratedLufs: -16.8, truePeakDb: -1.3, loudnessRangeLu: 2 })).toEqual({ ...limited, gainDb: 10.7 });
  });

  it('stops at 3 dB of limiting, when close enough, and when there is no limiter', () => {
    expect(refineMaster(limited, source, { integratedLufs: -20, truePeakDb: -1.3, loudnessRangeLu: 2 })).toEqual({ ...limited, gainDb: 12 });
    expect(refineMaster({ ...limited, gainDb: 12 }, source, { integratedLufs: -17, truePeakDb: -1.3, loudnessRangeLu: 2 })).toBeUndefined();
    expect(refineMaster(limited, source, { integratedLufs: -16.1, truePeakDb: -1.3, loudnessRangeLu: 2 })).toBeUndefined();
    expect(refineMaster({ gainDb: 5 }, source, { integratedLufs: -21, truePeakDb: -5, loudnessRangeLu: 2 })).toBeUndefined();
  });
});

describe('masterWav', () => {
  it('writes a master of exactly the requested length at the target loudness, the same bytes every time', async () => {
    // Pink noise at about -35 LUFS with peaks far under the ceiling: gain alone.
    const input = lavfi('quiet.wav', 'anoisesrc=d=8:c=pink:a=0.1:r=44100:seed=3');
    const first = join(dir, 'first.wav');
    const second = join(dir, 'second.wav');
    const mastered = await masterWav(input, first, 6.5, { fadeOutSeconds: 1 });
    await masterWav(input, second, 6.5, { fadeOutSeconds: 1 });

    expect(mastered.samples).toBe(Math.round(6.5 * 44100));
    expect(await probeDuration(first)).toBeCloseTo(6.5, 3);
    expect(mastered.limiterDb).toBeUndefined();
    const measured = await measureFileLoudness(first);
    expect(measured.integratedLufs).toBeCloseTo(MASTER_TARGET_LUFS, 0);
    expect(mastered.loudness).toEqual(measured);
    expect(readFileSync(first).equals(readFileSync(second))).toBe(true);
  });

  it('reaches the target through the limiter when drum-like hits would pass the ceiling, keeping length and timing', async () => {
    // A quiet tone with 10 ms bursts twice a second: -26 LUFS with peaks at -10 dBFS.
    const input = lavfi('hits.wav', "aevalsrc='0.05*sin(2*PI*220*t)+if(between(mod(t,0.5),0.25,0.26),0.4*sin(2*PI*1000*t),0)':d=8:s=44100");
    const output = join(dir, 'hits-master.wav');
    const mastered = await masterWav(input, output, 8, { fadeOutSeconds: 0.5 });
    expect(mastered.limiterDb).toBeDefined();
    expect(mastered.loudness.integratedLufs).toBeCloseTo(MASTER_TARGET_LUFS, 0);
    expect(mastered.loudness.truePeakDb).toBeLessThanOrEqual(MASTER_CEILING_DBTP);
    expect(mastered.samples).toBe(8 * 44100);
    // The first burst starts at 0.25 s in the input and in the master: the limiter's lookahead is compensated.
    expect(Math.abs(firstFrameAbove(output, 0.5) - firstFrameAbove(input, 0.2))).toBeLessThanOrEqual(2);
    const again = join(dir, 'hits-master-again.wav');
    await masterWav(input, again, 8, { fadeOutSeconds: 0.5 });
    expect(readFileSync(again).equals(readFileSync(output))).toBe(true);
  });

  it("encodes the preview from the master's own samples, in its run or beside it: its length, the same bytes every time and either way", async () => {
    const input = lavfi('long.wav', 'anoisesrc=d=40:c=pink:a=0.1:r=44100:seed=5');
    const previews = [join(dir, 'preview-1.mp3'), join(dir, 'preview-2.mp3'), join(dir, 'preview-inline.mp3')];
    for (const [i, path] of previews.entries()) {
      const preview = { path, seconds: 30, bitrateKbps: 128, encoderBeside: i < 2 };
      await masterWav(input, join(dir, `long-master-${i}.wav`), 36, { fadeOutSeconds: 3, preview });
    }
    // MP3 frames round the length up by at most one frame (1152 samples) plus the encoder's padding.
    expect(await probeDuration(previews[0]!)).toBeGreaterThanOrEqual(30);
    expect(await probeDuration(previews[0]!)).toBeLessThan(30.1);
    expect(readFileSync(previews[0]!).equals(readFileSync(previews[1]!))).toBe(true);
    expect(readFileSync(previews[2]!).equals(readFileSync(previews[0]!))).toBe(true);
    // The mastered samples (the input is near -35 LUFS), a little under the target for the fades in and out.
    const preview = await measureFileLoudness(previews[0]!);
    expect(Math.abs(preview.integratedLufs - MASTER_TARGET_LUFS)).toBeLessThan(1.5);
  });

  it.each([true, false])('names the failing tool when the preview cannot be written (encoder beside: %s)', async (encoderBeside) => {
    const input = lavfi('short.wav', 'anoisesrc=d=5:c=pink:a=0.1:r=44100:seed=6');
    const unwritable = join(dir, 'missing-folder', 'preview.mp3');
    const preview = { path: unwritable, seconds: 30, bitrateKbps: 128, encoderBeside };
    await expect(masterWav(input, join(dir, 'short-master.wav'), 5, { fadeOutSeconds: 1, preview })).rejects.toThrow(/ffmpeg.*exited with code/);
  });

  it('keeps a very peaky track under the ceiling and quieter than the target rather than limit it hard', async () => {
    const input = lavfi('clicks.wav', "aevalsrc='if(lt(mod(t,0.5),0.005),0.5*sin(2*PI*1000*t),0)':d=6:s=44100");
    const output = join(dir, 'clicks-master.wav');
    const mastered = await masterWav(input, output, 6, { fadeOutSeconds: 0.5 });
    expect(mastered.limiterDb).toBeDefined();
    expect(mastered.loudness.truePeakDb).toBeLessThanOrEqual(MASTER_CEILING_DBTP);
    expect(mastered.loudness.integratedLufs).toBeLessThan(MASTER_TARGET_LUFS - 2);
  });
});
