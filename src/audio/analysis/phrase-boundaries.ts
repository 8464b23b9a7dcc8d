import { BARS_PER_PHRASE } from '../../music/meter';
import { chromaBetween, chromaDistance, type Chromagram } from './chroma';

export interface PhraseBoundary {
  timeSeconds: number;
  /** Bar number from the first downbeat, 0-based. */
  bar: number;
  /** Longest phrase (in bars) that starts here: 32 at every fourth boundary, 16 at every second, else 8. */
  bars: 8 | 16 | 32;
}

/**
 * Phrases in dance music change on 8-bar lines. The bar novelty (change of harmony and level
 * from the previous bar) is summed for each of the 8 possible alignments and the strongest
 * alignment wins; a track with fewer than two phrases gets none.
 */
export function phraseBoundaries(downbeats: readonly number[], chroma: Chromagram, levelAt: (from: number, to: number) => number): PhraseBoundary[] {
  const bars = downbeats.length - 1;
  if (bars < 2 * BARS_PER_PHRASE) return [];
  const chromas = Array.from({ length: bars }, (_, i) => chromaBetween(chroma, downbeats[i]!, downbeats[i + 1]!));
  const levels = Array.from({ length: bars }, (_, i) => Math.log(levelAt(downbeats[i]!, downbeats[i + 1]!) + 1e-9));
  const novelty = chromas.map((c, i) => (i === 0 ? 0 : chromaDistance(chromas[i - 1]!, c) + Math.abs(levels[i]! - levels[i - 1]!)));

  let bestOffset = 0;
  let bestScore = -1;
  for (let offset = 0; offset < BARS_PER_PHRASE; offset++) {
    let sum = 0;
    let count = 0;
    for (let bar = offset === 0 ? BARS_PER_PHRASE : offset; bar < bars; bar += BARS_PER_PHRASE) {
      sum += novelty[bar]!;
      count++;
    }
    const score = count > 0 ? sum / count : 0;
    if (score > bestScore + 1e-9) {
      bestScore = score;
      bestOffset = offset;
    }
  }

  const boundaries: PhraseBoundary[] = [];
  for (let bar = bestOffset; bar <= bars; bar += BARS_PER_PHRASE) {
    const index = (bar - bestOffset) / BARS_PER_PHRASE;
    boundaries.push({ timeSeconds: downbeats[bar]!, bar, bars: index % 4 === 0 ? 32 : index % 2 === 0 ? 16 : 8 });
  }
  return boundaries;
}
