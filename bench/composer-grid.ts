import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyzeSignal, ANALYSIS_SAMPLE_RATE } from '../src/audio/analysis/analysis';
import { parseKeyName } from '../src/music/keys';
import { composeMusic, type ComposeOptions } from '../src/audio/composer/composer';
import { MOODS, type Mood } from '../src/music/vocabulary';
import { probeDuration } from '../src/audio/io/encode';
import { decodeWithLoudness } from '../src/audio/io/loudness';
import { mixToMono } from '../src/audio/io/pcm';

/** The grid: every mood at four tempos in six keys (three major, three minor, sharps and flats). */
export const GRID_TEMPOS = [72, 96, 120, 144] as const;
export const GRID_KEYS = ['C major', 'A minor', 'F# major', 'Eb minor', 'Bb major', 'C# minor'] as const;

export interface GridCase {
  mood: Mood;
  bpm: number;
  key: string;
  seed: number;
}

export interface CaseResult extends GridCase {
  lengthErrorSeconds: number;
  renderSeconds: number;
  /** Seconds of audio per second of wall time, for the whole composeMusic call. */
  speed: number;
  analysedBpm: number;
  analysedKey: string;
  tempoWithin1Percent: boolean;
  /** Half or double the tempo, within 1%: a beat tracker's classic confusion, counted apart. */
  tempoOctaveError: boolean;
  keyExact: boolean;
  keyRelative: boolean;
}

export function gridCases(): GridCase[] {
  let seed = 1000;
  return MOODS.flatMap((mood) => GRID_TEMPOS.flatMap((bpm) => GRID_KEYS.map((key) => ({ mood, bpm, key, seed: seed++ }))));
}

const within = (value: number, target: number, tolerance: number): boolean => Math.abs(value / target - 1) <= tolerance;

function compareKeys(requested: string, found: string): { exact: boolean; relative: boolean } {
  const want = parseKeyName(requested);
  const got = parseKeyName(found);
  if (!want || !got) return { exact: false, relative: false };
  const exact = want.tonic === got.tonic && want.mode === got.mode;
  // A minor's relative is C major: the tonic three semitones up, the other mode.
  const relativeTonic = want.mode === 'minor' ? (want.tonic + 3) % 12 : (want.tonic + 9) % 12;
  return { exact, relative: !exact && got.mode !== want.mode && got.tonic === relativeTonic };
}

/** Composes one grid case, times it, then measures it with the project's own analysis. */
export async function runCase(gridCase: GridCase, seconds: number, workDir: string, options: ComposeOptions): Promise<CaseResult> {
  const wavPath = join(workDir, `${gridCase.mood}-${gridCase.bpm}-${gridCase.key.replace(/\W+/g, '')}.wav`);
  try {
    const started = performance.now();
    await composeMusic({ ...gridCase, durationSeconds: seconds }, wavPath, options);
    const renderSeconds = (performance.now() - started) / 1000;
    const lengthErrorSeconds = Math.abs((await probeDuration(wavPath)) - seconds);

    const { decoded, loudness } = await decodeWithLoudness(wavPath, { sampleRate: ANALYSIS_SAMPLE_RATE, maxSeconds: seconds + 1 });
    const analysis = analyzeSignal(mixToMono(decoded), ANALYSIS_SAMPLE_RATE, loudness);
    const keys = compareKeys(gridCase.key, analysis.key);
    const tempoWithin1Percent = within(analysis.bpm, gridCase.bpm, 0.01);
    return {
      ...gridCase,
      lengthErrorSeconds,
      renderSeconds,
      speed: seconds / renderSeconds,
      analysedBpm: analysis.bpm,
      analysedKey: analysis.key,
      tempoWithin1Percent,
      tempoOctaveError: !tempoWithin1Percent && (within(analysis.bpm, gridCase.bpm * 2, 0.01) || within(analysis.bpm, gridCase.bpm / 2, 0.01)),
      keyExact: keys.exact,
      keyRelative: keys.relative,
    };
  } finally {
    await rm(wavPath, { force: true });
  }
}
