import { BITEXACT_OUTPUT, previewFilter, previewMp3Output, QUIET } from './encode';
import { EBUR128_FILTER, parseLoudnessLog, type LoudnessMeasurement } from './loudness';
import { runTool, runToolsPiped } from './run-tool';
import { AudioToolError } from './tool-errors';
import { fitFilter, OUTPUT_SAMPLE_RATE, samplesOf } from './wav-fit';

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

/** An MP3 of the master's first `seconds`, faded in and out (see encodePreview). */
export interface PreviewOutput {
  path: string;
  seconds: number;
  bitrateKbps: number;
  /**
   * Encode the MP3 in a second ffmpeg beside the master's run (on another core) instead of within it: a lone job's
   * master then takes about the encoder's time instead of the sum, for about a third more CPU (the second process
   * and the pipe). Worth it only when a core would otherwise sit idle. Same bytes either way.
   */
  encoderBeside?: boolean;
}

export interface MasterOptions {
  fadeOutSeconds: number;
  /** Also encode the preview, from the samples of the same ffmpeg run as the master. */
  preview?: PreviewOutput;
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
/** The ebur128 summary is logged at info level; -nostats keeps the progress lines out. */
const METERED = ['-hide_banner', '-nostdin', '-nostats', '-v', 'info'];

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

/**
 * The master's gain chain: the planned gain, the limiter when planned, and a trim after the limiter
 * when a pass has shown the true peak still over the ceiling.
 */
export function masterFilter(plan: MasterPlan, trimDb?: number): string {
  const steps = plan.gainDb === 0 ? [] : [`volume=${plan.gainDb}dB`];
  // latency=true removes the lookahead delay, so the master keeps its length and timing; level=false keeps its level.
  if (plan.limiterDb !== undefined) steps.push(`alimiter=limit=${(10 ** (plan.limiterDb / 20)).toFixed(4)}:attack=5:release=50:level=false:latency=true`);
  if (trimDb !== undefined) steps.push(`volume=${trimDb}dB`);
  return steps.length > 0 ? steps.join(',') : 'anull';
}

/** Loudness of `inputWav` as the fit filter leaves it: the figures mastering plans from, in one ffmpeg run. */
async function measureFitted(inputWav: string, fit: string, timeoutMs: number | undefined): Promise<LoudnessMeasurement> {
  const { stderr } = await runTool('ffmpeg', [...METERED, '-i', inputWav, '-af', `${fit},${EBUR128_FILTER}`, '-f', 'null', '-'], { timeoutMs });
  return meterReading(stderr, inputWav);
}

function meterReading(stderr: string, inputWav: string): LoudnessMeasurement {
  const loudness = parseLoudnessLog(stderr);
  if (!loudness) throw new AudioToolError('ffmpeg', 'failed', `ebur128 wrote no summary for ${inputWav}`);
  return loudness;
}

/** How the preview's samples travel from the master's ffmpeg run to the MP3 encoder beside it. */
const PREVIEW_PCM = ['-f', 's16le', '-ac', '2', '-ar', String(OUTPUT_SAMPLE_RATE)];

/**
 * One ffmpeg run over the input: fit, gain chain, 16-bit samples, then split into the master WAV, the loudness
 * meter and, with a preview, the preview's samples. The meter reads the very samples the WAV holds, so its
 * figures are the master's own. The MP3 encoder, the slowest part of the run, encodes the preview's samples in the
 * same run, or (`encoderBeside`) in a second ffmpeg fed through a pipe, on another core at the same time.
 */
async function writeMaster(inputWav: string, outputWav: string, chain: string, options: MasterOptions & { fit: string; seconds: number }): Promise<LoudnessMeasurement> {
  const { preview } = options;
  const graph = [
    `[0:a]${options.fit},${chain},aformat=sample_fmts=s16,asplit=${preview ? 3 : 2}[master][meter]${preview ? '[full]' : ''}`,
    `[meter]${EBUR128_FILTER},anullsink`,
    ...(preview ? [`[full]atrim=end=${Math.min(preview.seconds, options.seconds)},${previewFilter(Math.min(preview.seconds, options.seconds))}[preview]`] : []),
  ].join(';');
  const master = {
    command: 'ffmpeg',
    args: [
      ...METERED, '-y', '-i', inputWav, '-filter_complex', graph,
      '-map', '[master]', '-ac', '2', '-c:a', 'pcm_s16le', ...BITEXACT_OUTPUT, outputWav,
      ...(preview ? ['-map', '[preview]', ...(preview.encoderBeside ? [...PREVIEW_PCM, '-c:a', 'pcm_s16le', 'pipe:1'] : [...previewMp3Output(preview.bitrateKbps), preview.path])] : []),
    ],
  };
  if (!preview?.encoderBeside) return meterReading((await runTool(master.command, master.args, { timeoutMs: options.timeoutMs })).stderr, inputWav);
  const encoder = { command: 'ffmpeg', args: [...QUIET, ...PREVIEW_PCM, '-i', 'pipe:0', ...previewMp3Output(preview.bitrateKbps), preview.path] };
  const [metered] = await runToolsPiped(master, encoder, { timeoutMs: options.timeoutMs });
  return meterReading(metered.stderr, inputWav);
}

/**
 * The master WAV: exactly `seconds` long at 44.1 kHz stereo 16-bit, faded out, brought to the target
 * loudness under the true-peak ceiling, and measured; with `preview`, its MP3 preview too. Two ffmpeg
 * runs in the usual case: one measures the fitted input, one writes everything and measures the master.
 * A limited master that lands under the target, or over the ceiling, is written again with a better
 * plan. Same input, same bytes.
 */
export async function masterWav(inputWav: string, outputWav: string, seconds: number, options: MasterOptions): Promise<MasteredWav> {
  const ceiling = options.ceilingDbtp ?? MASTER_CEILING_DBTP;
  const fit = fitFilter(seconds, options.fadeOutSeconds);
  const write = (chain: string) => writeMaster(inputWav, outputWav, chain, { ...options, fit, seconds });
  const samples = samplesOf(seconds);
  const source = await measureFitted(inputWav, fit, options.timeoutMs);
  let plan = planMaster(source, options.targetLufs, ceiling);
  let loudness: LoudnessMeasurement;
  for (let pass = 1; ; pass++) {
    loudness = await write(masterFilter(plan));
    const refined = pass < MAX_LIMITER_PASSES ? refineMaster(plan, source, loudness, options.targetLufs, ceiling) : undefined;
    if (!refined) break;
    plan = refined;
  }
  if (loudness.truePeakDb > ceiling) {
    // Rare: peaks between samples rose more than the limiter's margin. A trim after the limiter guarantees the ceiling.
    const trimDb = round2(ceiling - loudness.truePeakDb - 0.01);
    loudness = await write(masterFilter(plan, trimDb));
    return { ...plan, gainDb: round2(plan.gainDb + trimDb), samples, loudness };
  }
  return { ...plan, samples, loudness };
}
