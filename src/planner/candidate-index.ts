/**
 * Neighbourhood index for large pools: tracks bucketed by Camelot code × tempo (octave-folded,
 * so half/double time lands in the same bucket) × rounded energy. A query walks only the buckets
 * a good next track can come from, nearest first, instead of the whole pool.
 */
import { camelotFromIndex, camelotIndex } from '../music/camelot';
import type { PreparedTrack } from './prepare';

const KEY_BUCKETS = 25;
/** Tempo bucket width: 1.5 % of tempo. */
const TEMPO_BUCKET_LOG2 = Math.log2(1.015);
const TEMPO_BUCKETS = Math.ceil(1 / TEMPO_BUCKET_LOG2);
const ENERGY_BUCKETS = 10;
/** Tempo buckets either side to visit: ±2 buckets reach about ±3–4.5 %. */
const TEMPO_REACH = 2;

export class CandidateIndex {
  private readonly buckets: number[][];

  /** `strictKeys`: only the classic Camelot moves are neighbours (no diagonal, no boost). */
  constructor(
    private readonly tracks: PreparedTrack[],
    private readonly strictKeys = false,
  ) {
    this.buckets = Array.from({ length: KEY_BUCKETS * TEMPO_BUCKETS * ENERGY_BUCKETS }, () => []);
    for (const track of tracks) {
      this.buckets[this.bucketOf(track.camelotIndex, tempoBucket(track.track.bpm), energyBucket(track.track.energy))]!.push(track.index);
    }
  }

  /**
   * Up to `limit` pool indices that `accept` admits, drawn from keys that mix with `from`,
   * tempos near it and energies near `wantedEnergy`, closest buckets first.
   */
  near(from: PreparedTrack, wantedEnergy: number, limit: number, accept: (index: number) => boolean): number[] {
    const found: number[] = [];
    const keys = neighbourKeys(from.camelotIndex, wantedEnergy > from.track.energy, this.strictKeys);
    const tempo = tempoBucket(from.track.bpm);
    const wanted = energyBucket(wantedEnergy);
    for (let energyReach = 0; energyReach < ENERGY_BUCKETS && found.length < limit; energyReach++) {
      for (const energy of energyReach === 0 ? [wanted] : [wanted - energyReach, wanted + energyReach]) {
        if (energy < 0 || energy >= ENERGY_BUCKETS) continue;
        for (let tempoReach = 0; tempoReach <= TEMPO_REACH; tempoReach++) {
          for (const tempoOffset of tempoReach === 0 ? [0] : [-tempoReach, tempoReach]) {
            const tempoIndex = (tempo + tempoOffset + TEMPO_BUCKETS) % TEMPO_BUCKETS;
            for (const key of keys) {
              for (const index of this.buckets[this.bucketOf(key, tempoIndex, energy)]!) {
                if (accept(index)) found.push(index);
                if (found.length >= limit) return found;
              }
            }
          }
        }
      }
    }
    return found;
  }

  private bucketOf(key: number, tempo: number, energy: number): number {
    return (key * TEMPO_BUCKETS + tempo) * ENERGY_BUCKETS + energy;
  }
}

function tempoBucket(bpm: number): number {
  const folded = Math.log2(bpm) % 1;
  return Math.min(TEMPO_BUCKETS - 1, Math.floor(folded / TEMPO_BUCKET_LOG2));
}

function energyBucket(energy: number): number {
  return Math.min(ENERGY_BUCKETS - 1, Math.max(0, Math.round(energy) - 1));
}

/** Same key first, then the moves that mix: relative, ±1, then (unless strict) diagonal and the boosts when energy should rise. */
function neighbourKeys(from: number, rising: boolean, strict: boolean): number[] {
  const code = camelotFromIndex(from);
  if (code === undefined) return Array.from({ length: KEY_BUCKETS }, (_, index) => index);
  const other = code.letter === 'A' ? 'B' : 'A';
  const at = (steps: number, letter: 'A' | 'B'): number => camelotIndex({ number: ((code.number - 1 + steps + 12) % 12) + 1, letter });
  const keys = [from, at(0, other), at(1, code.letter), at(-1, code.letter)];
  if (strict) return keys;
  keys.push(at(code.letter === 'A' ? 1 : -1, other));
  if (rising) keys.push(at(2, code.letter), at(7, code.letter));
  return keys;
}
