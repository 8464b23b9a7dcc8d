import { rename, rm } from 'node:fs/promises';
import { BITEXACT_OUTPUT } from './encode';
import { measureFileLoudness, type LoudnessMeasurement } from './loudness';
import { runTool } from './run-tool';
import { fitWavToLength } from './wav-fit';

/**
 * Integrated loudness of every master: -16 LUFS is what web video and podcast platforms play
 * at (YouTube turns louder files down to -14), so a customer's music arrives at the level it
 * will be heard, whichever provider made it. The ceiling leaves room for MP3 encoding overshoot.
 */
export const MASTER_TARGET_LUFS = -16;
export const MASTER_CEILING_DBTP = -1;
/** A near-silent render is not boosted into audible noise. */
const MAX_GAIN_DB = 20;
/** ebur128 reports -70 LUFS when nothing passes its gate. */
const SILENCE_LUFS = -70;

export interface MasterOptions {
  fadeOutSeconds: number;
  targetLufs?: number;
  ceilingDbtp?: number;
  timeoutMs?: number;
}

export interface MasteredWav {
  samples: number;
  gainDb: number;
  /** The master's loudness: the measured figures moved by the gain applied (gain is linear). */
  loudness: LoudnessMeasurement;
}

/**
 * One static gain that brings the integrated loudness to the target unless that would push the
 * true peak over the ceiling: no limiter, so the music's dynamics are untouched, and a track too
 * peaky for the target simply stays quieter.
 */
export function masterGainDb(measured: LoudnessMeasurement, targetLufs = MASTER_TARGET_LUFS, ceilingDbtp = MASTER_CEILING_DBTP): number {
  if (measured.integratedLufs <= SILENCE_LUFS || !Number.isFinite(measured.truePeakDb)) return 0;
  const gain = Math.min(targetLufs - measured.integratedLufs, ceilingDbtp - measured.truePeakDb, MAX_GAIN_DB);
  return Math.round(gain * 100) / 100;
}

/**
 * The master WAV: exactly `seconds` long at 44.1 kHz stereo 16-bit, faded out (fitWavToLength),
 * then brought to the target loudness by one measured gain. Same input, same bytes.
 */
export async function masterWav(inputWav: string, outputWav: string, seconds: number, options: MasterOptions): Promise<MasteredWav> {
  const fittedWav = `${outputWav}.fitted.wav`;
  try {
    const samples = await fitWavToLength(inputWav, fittedWav, seconds, { fadeOutSeconds: options.fadeOutSeconds, timeoutMs: options.timeoutMs });
    const measured = await measureFileLoudness(fittedWav, options.timeoutMs);
    const gainDb = masterGainDb(measured, options.targetLufs, options.ceilingDbtp);
    if (gainDb === 0) {
      await rename(fittedWav, outputWav);
    } else {
      await runTool(
        'ffmpeg',
        ['-hide_banner', '-nostdin', '-v', 'error', '-y', '-i', fittedWav, '-af', `volume=${gainDb}dB`, '-c:a', 'pcm_s16le', ...BITEXACT_OUTPUT, outputWav],
        { timeoutMs: options.timeoutMs },
      );
    }
    const loudness = {
      integratedLufs: measured.integratedLufs + gainDb,
      truePeakDb: measured.truePeakDb + gainDb,
      loudnessRangeLu: measured.loudnessRangeLu,
    };
    return { samples, gainDb, loudness };
  } finally {
    await rm(fittedWav, { force: true });
  }
}
