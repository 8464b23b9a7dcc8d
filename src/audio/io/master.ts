import { rename, rm } from 'node:fs/promises';
import { measureFileLoudness, type LoudnessMeasurement } from './loudness';
import { filterToWav16, fitWavToLength } from './wav-fit';

/**
 * Integrated loudness of every master: -16 LUFS is what web video and podcast platforms play
 * at (YouTube turns louder files down to -14), so a customer's music arrives at the level it
 * will be heard, whichever provider made it. The ceiling leaves room for MP3 encoding overshoot.
 */
export const MASTER_TARGET_LUFS = -16;
export const MASTER_CEILING_DBTP = -1;
/** A near-silent render is not boosted into audible noise. */
const MAX_GAIN_DB = 20;
/**
 * The limiter may take at most this much off the loudest peaks (drum hits): beyond it a
 * limiter is heard, so a peakier track is turned down instead and ends under the target.
 */
const MAX_LIMITING_DB = 3;
/** The limiter holds sample peaks this far under the ceiling: peaks between samples run a little higher. */
const LIMITER_MARGIN_DB = 0.5;
/** Passes through the limiter before the master is taken as it is (the third is rarely needed). */
const MAX_LIMITER_PASSES = 3;
/** Close enough to the target: ebur128 prints 0.1 LU steps. */
const LOUDNESS_TOLERANCE_LU = 0.2;
/** ebur128 reports -70 LUFS when nothing passes its gate. */
const SILENCE_LUFS = -70;

export interface MasterOptions {
  fadeOutSeconds: number;
  targetLufs?: number;
  ceilingDbtp?: number;
  timeoutMs?: number;
}

/** What mastering does to a track: one gain, then a peak limiter when the gain pushes peaks over the ceiling. */
export interface MasterPlan {
  gainDb: number;
  /** Sample-peak limit in dBFS, when the limiter is needed. */
  limiterDb?: number;
}

export interface MasteredWav extends MasterPlan {
  samples: number;
  /** The master as ebur128 measures it. */
  loudness: LoudnessMeasurement;
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

/**
 * The gain that brings the integrated loudness to the target. When that gain lifts the true
 * peak over the ceiling by up to MAX_LIMITING_DB, a limiter takes the excess off the peaks; by
 * more, the gain is lowered so the limiter never works harder than that.
 */
export function planMaster(measured: LoudnessMeasurement, targetLufs = MASTER_TARGET_LUFS, ceilingDbtp = MASTER_CEILING_DBTP): MasterPlan {
  if (measured.integratedLufs <= SILENCE_LUFS || !Number.isFinite(measured.truePeakDb)) return { gainDb: 0 };
  const wanted = Math.min(targetLufs - measured.integratedLufs, MAX_GAIN_DB);
  const overshoot = measured.truePeakDb + wanted - ceilingDbtp;
  if (overshoot <= 0) return { gainDb: round2(wanted) };
  return { gainDb: round2(wanted - Math.max(0, overshoot - MAX_LIMITING_DB)), limiterDb: ceilingDbtp - LIMITER_MARGIN_DB };
}

/**
 * Limiting takes some loudness off with the peaks. After a limited pass that landed under the
 * target, more gain goes into the limiter, as far as MAX_LIMITING_DB allows; undefined when
 * there is nothing to gain (no limiter, close enough, or the limiter is at its most).
 */
export function refineMaster(plan: MasterPlan, source: LoudnessMeasurement, result: LoudnessMeasurement, targetLufs = MASTER_TARGET_LUFS, ceilingDbtp = MASTER_CEILING_DBTP): MasterPlan | undefined {
  if (plan.limiterDb === undefined || targetLufs - result.integratedLufs <= LOUDNESS_TOLERANCE_LU) return undefined;
  const mostGain = Math.min(ceilingDbtp + MAX_LIMITING_DB - source.truePeakDb, MAX_GAIN_DB);
  const gainDb = round2(Math.min(plan.gainDb + targetLufs - result.integratedLufs, mostGain));
  return gainDb > plan.gainDb + 0.05 ? { ...plan, gainDb } : undefined;
}

function masterFilter(plan: MasterPlan): string {
  const gain = `volume=${plan.gainDb}dB`;
  if (plan.limiterDb === undefined) return gain;
  // latency=true removes the lookahead delay, so the master keeps its length and timing; level=false keeps its level.
  return `${gain},alimiter=limit=${(10 ** (plan.limiterDb / 20)).toFixed(4)}:attack=5:release=50:level=false:latency=true`;
}

/**
 * The master WAV: exactly `seconds` long at 44.1 kHz stereo 16-bit, faded out (fitWavToLength),
 * brought to the target loudness under the true-peak ceiling, and measured. Same input, same bytes.
 */
export async function masterWav(inputWav: string, outputWav: string, seconds: number, options: MasterOptions): Promise<MasteredWav> {
  const ceiling = options.ceilingDbtp ?? MASTER_CEILING_DBTP;
  const fittedWav = `${outputWav}.fitted.wav`;
  const trimmedWav = `${outputWav}.trimmed.wav`;
  try {
    const samples = await fitWavToLength(inputWav, fittedWav, seconds, { fadeOutSeconds: options.fadeOutSeconds, timeoutMs: options.timeoutMs });
    const source = await measureFileLoudness(fittedWav, options.timeoutMs);
    let plan = planMaster(source, options.targetLufs, ceiling);
    let loudness = source;
    if (plan.gainDb === 0 && plan.limiterDb === undefined) {
      await rename(fittedWav, outputWav);
    } else {
      for (let pass = 1; ; pass++) {
        await filterToWav16(fittedWav, outputWav, masterFilter(plan), options);
        loudness = await measureFileLoudness(outputWav, options.timeoutMs);
        const refined = pass < MAX_LIMITER_PASSES ? refineMaster(plan, source, loudness, options.targetLufs, ceiling) : undefined;
        if (!refined) break;
        plan = refined;
      }
    }
    if (loudness.truePeakDb > ceiling) {
      // Rare: peaks between samples rose more than the limiter's margin. A last trim guarantees the ceiling.
      const trimDb = round2(ceiling - loudness.truePeakDb - 0.01);
      await filterToWav16(outputWav, trimmedWav, `volume=${trimDb}dB`, options);
      await rename(trimmedWav, outputWav);
      loudness = await measureFileLoudness(outputWav, options.timeoutMs);
      return { ...plan, gainDb: round2(plan.gainDb + trimDb), samples, loudness };
    }
    return { ...plan, samples, loudness };
  } finally {
    await rm(fittedWav, { force: true });
    await rm(trimmedWav, { force: true });
  }
}
