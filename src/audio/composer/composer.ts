import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { barSecondsOf } from '../../music/meter';
import { arrange, type Arrangement } from './composer-arrangement';
import type { PartKind } from './composer-ensemble';
import type { SectionName } from './composer-form';
import { camelotCode } from '../../music/keys';
import type { Mood } from '../../music/vocabulary';
import { resolveComposeRequest, type ComposeRequest, type ResolvedComposeRequest } from './composer-request';
import { composeTitle } from './composer-title';
import { writeMidi } from './midi-writer';
import { renderMidiToWav } from './render';
import { resolveSoundfont, type SoundfontPreference } from './soundfont';
import { fitWavToLength, OUTPUT_SAMPLE_RATE } from '../io/wav-fit';

export interface CompositionSection {
  name: SectionName;
  startSeconds: number;
  endSeconds: number;
  bars: number;
  /** The section's first four chords, e.g. ['Am', 'F', 'C', 'G']. */
  chords: string[];
}

export interface CompositionSummary {
  title: string;
  mood: Mood;
  durationSeconds: number;
  bpm: number;
  key: string;
  camelot: string;
  seed: number;
  sections: CompositionSection[];
  instruments: { name: string; program: number; parts: PartKind[] }[];
}

export interface ComposedScore {
  request: ResolvedComposeRequest;
  arrangement: Arrangement;
  midi: Uint8Array;
  summary: CompositionSummary;
}

export interface RenderedComposition extends CompositionSummary {
  sampleRate: number;
  channels: 2;
  samples: number;
  soundfont: string;
}

export interface ComposeOptions {
  /** Explicit soundfont file (from configuration); wins over the Debian defaults. */
  soundfontPath?: string;
  /** 'quality' (default) uses FluidR3 when installed, 'small' always TimGM6mb. */
  soundfontPreference?: SoundfontPreference;
  /** Where intermediate MIDI and raw render go; the OS temp dir by default. Cleaned up afterwards. */
  tempDir?: string;
  /** Also keep the MIDI file here. */
  midiOutputPath?: string;
  /** Per child process. */
  timeoutMs?: number;
}

const round3 = (value: number): number => Math.round(value * 1000) / 1000;

/** Fade over the last two bars, at least 2 s, at most 8 s and never more than a quarter of the piece. */
export function fadeOutSeconds(durationSeconds: number, bpm: number): number {
  return Math.min(durationSeconds / 4, Math.max(2, Math.min(8, 2 * barSecondsOf(bpm))));
}

function summarize(request: ResolvedComposeRequest, arrangement: Arrangement, title: string): CompositionSummary {
  const bar = barSecondsOf(request.bpm);
  const instruments = new Map<string, { name: string; program: number; parts: PartKind[] }>();
  for (const track of arrangement.tracks) {
    const entry = instruments.get(track.instrument) ?? { name: track.instrument, program: track.program, parts: [] };
    entry.parts.push(track.kind);
    instruments.set(track.instrument, entry);
  }
  return {
    title,
    mood: request.mood,
    durationSeconds: request.durationSeconds,
    bpm: request.bpm,
    key: request.key.name,
    camelot: camelotCode({ tonic: request.key.tonicChroma, mode: request.key.mode }),
    seed: request.seed,
    sections: arrangement.sections.map((section) => ({
      name: section.name,
      startSeconds: round3(section.startBar * bar),
      endSeconds: round3(Math.min(request.durationSeconds, (section.startBar + section.bars) * bar)),
      bars: section.bars,
      chords: arrangement.chords.slice(section.startBar, section.startBar + Math.min(4, section.bars)).map((chord) => chord.symbol),
    })),
    instruments: [...instruments.values()],
  };
}

/** Validates the request and writes the piece as MIDI, with no I/O: the same input, the same bytes. */
export function composeScore(request: ComposeRequest): ComposedScore {
  const resolved = resolveComposeRequest(request);
  const arrangement = arrange(resolved);
  const title = composeTitle(resolved.mood, resolved.key, resolved.seed);
  return { request: resolved, arrangement, midi: writeMidi(arrangement, title), summary: summarize(resolved, arrangement, title) };
}

/**
 * Composes a piece and renders it to `outputWavPath`: 44.1 kHz stereo 16-bit PCM, exactly the
 * requested length, fading out at the end. Throws ComposerInputError for a bad request and
 * AudioToolError when fluidsynth, ffmpeg or the soundfont is missing or fails.
 */
export async function composeMusic(request: ComposeRequest, outputWavPath: string, options: ComposeOptions = {}): Promise<RenderedComposition> {
  const score = composeScore(request);
  const soundfont = await resolveSoundfont({ overridePath: options.soundfontPath, prefer: options.soundfontPreference });
  const workDir = await mkdtemp(join(options.tempDir ?? tmpdir(), 'compose-'));
  try {
    const midiPath = join(workDir, 'score.mid');
    const rawWavPath = join(workDir, 'render.wav');
    await writeFile(midiPath, score.midi);
    if (options.midiOutputPath) await writeFile(options.midiOutputPath, score.midi);
    await renderMidiToWav(midiPath, soundfont.path, rawWavPath, { sampleRate: OUTPUT_SAMPLE_RATE, timeoutMs: options.timeoutMs });
    const samples = await fitWavToLength(rawWavPath, outputWavPath, score.request.durationSeconds, {
      fadeOutSeconds: fadeOutSeconds(score.request.durationSeconds, score.request.bpm),
      timeoutMs: options.timeoutMs,
    });
    return { ...score.summary, sampleRate: OUTPUT_SAMPLE_RATE, channels: 2, samples, soundfont: soundfont.name };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
