/**
 * Phrase grid of a track in 4/4: bars from its beat grid when analysed, otherwise from BPM and
 * the first downbeat. Mix points snap to phrase starts (every 8 bars) so 8/16/32-bar blends
 * begin and end where the music changes.
 */
import { BARS_PER_PHRASE, barSecondsOf } from '../music/meter';
import type { PlannerTrack } from './types';

/** How far a time may sit from a grid line and still count as on it. */
export const ALIGNMENT_TOLERANCE_SECONDS = 0.02;

export interface PhraseGrid {
  readonly source: 'beat-grid' | 'phrase-list' | 'tempo';
  firstDownbeat: number;
  barSeconds: number;
  /** Time of bar `bar` counted from the first downbeat (bar 0). */
  barTime(bar: number): number;
  /** Latest phrase start at or before `seconds`, never before the first downbeat. */
  phraseStartAtOrBefore(seconds: number): number;
  isPhraseStart(seconds: number): boolean;
}

export function phraseGridOf(track: PlannerTrack): PhraseGrid {
  const barSeconds = barSecondsOf(track.bpm);
  const downbeats = track.beatGrid?.downbeats;
  if (downbeats !== undefined && downbeats.length > 0) return new BeatGridPhrases(downbeats, barSeconds);
  if (track.phraseBoundaries !== undefined && track.phraseBoundaries.length > 0) return new ListedPhrases(track.phraseBoundaries, barSeconds);
  return new TempoPhrases(Math.max(0, track.firstDownbeat ?? 0), barSeconds);
}

/** Bars every 4 beats from the first downbeat at the track's BPM. */
class TempoPhrases implements PhraseGrid {
  readonly source = 'tempo';
  private readonly phraseSeconds: number;

  constructor(
    readonly firstDownbeat: number,
    readonly barSeconds: number,
  ) {
    this.phraseSeconds = barSeconds * BARS_PER_PHRASE;
  }

  barTime(bar: number): number {
    return this.firstDownbeat + bar * this.barSeconds;
  }

  phraseStartAtOrBefore(seconds: number): number {
    const phrases = Math.floor((seconds - this.firstDownbeat + ALIGNMENT_TOLERANCE_SECONDS) / this.phraseSeconds);
    return this.firstDownbeat + Math.max(0, phrases) * this.phraseSeconds;
  }

  isPhraseStart(seconds: number): boolean {
    const phrases = (seconds - this.firstDownbeat) / this.phraseSeconds;
    return phrases > -0.5 && Math.abs(phrases - Math.round(phrases)) * this.phraseSeconds <= ALIGNMENT_TOLERANCE_SECONDS;
  }
}

/** Bars from analysed downbeats (which drift with the music), extrapolated at the BPM past the last one. */
class BeatGridPhrases implements PhraseGrid {
  readonly source = 'beat-grid';
  readonly firstDownbeat: number;

  constructor(
    private readonly downbeats: number[],
    readonly barSeconds: number,
  ) {
    this.firstDownbeat = downbeats[0]!;
  }

  barTime(bar: number): number {
    const last = this.downbeats.length - 1;
    return bar <= last ? this.downbeats[bar]! : this.downbeats[last]! + (bar - last) * this.barSeconds;
  }

  phraseStartAtOrBefore(seconds: number): number {
    return this.barTime(Math.max(0, Math.floor(this.barAtOrBefore(seconds) / BARS_PER_PHRASE) * BARS_PER_PHRASE));
  }

  isPhraseStart(seconds: number): boolean {
    const bar = this.barAtOrBefore(seconds);
    return bar >= 0 && bar % BARS_PER_PHRASE === 0 && Math.abs(this.barTime(bar) - seconds) <= ALIGNMENT_TOLERANCE_SECONDS;
  }

  private barAtOrBefore(seconds: number): number {
    const last = this.downbeats.length - 1;
    const lastTime = this.downbeats[last]!;
    if (seconds >= lastTime) return last + Math.floor((seconds - lastTime + ALIGNMENT_TOLERANCE_SECONDS) / this.barSeconds);
    return lastIndexAtOrBefore(this.downbeats, seconds + ALIGNMENT_TOLERANCE_SECONDS);
  }
}

/** Phrase starts listed by an analysis; bars in between at the BPM. */
class ListedPhrases implements PhraseGrid {
  readonly source = 'phrase-list';
  readonly firstDownbeat: number;
  private readonly starts: number[];

  constructor(
    boundaries: number[],
    readonly barSeconds: number,
  ) {
    this.starts = [...boundaries].sort((a, b) => a - b);
    this.firstDownbeat = this.starts[0]!;
  }

  barTime(bar: number): number {
    return this.firstDownbeat + bar * this.barSeconds;
  }

  phraseStartAtOrBefore(seconds: number): number {
    return this.starts[Math.max(0, lastIndexAtOrBefore(this.starts, seconds + ALIGNMENT_TOLERANCE_SECONDS))]!;
  }

  isPhraseStart(seconds: number): boolean {
    const index = lastIndexAtOrBefore(this.starts, seconds + ALIGNMENT_TOLERANCE_SECONDS);
    return index >= 0 && Math.abs(this.starts[index]! - seconds) <= ALIGNMENT_TOLERANCE_SECONDS;
  }
}

/** Index of the last element ≤ value in an ascending array, −1 when none. */
function lastIndexAtOrBefore(sorted: number[], value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! <= value) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}
