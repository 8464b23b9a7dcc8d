import { fnv1a32, mulberry32 } from '../../shared/seeded-random';

/**
 * Seeded pseudo-random numbers for the composer (mulberry32: 32-bit state, fast, good enough for
 * musical choices, and identical on every platform because it only uses 32-bit integer math).
 * Each part draws from its own named stream, so adding an instrument does not change the drums.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
}

export function createRandom(seed: number, stream: string): Random {
  const next = mulberry32((seed ^ fnv1a32(stream)) >>> 0);
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new RangeError('pick from an empty list');
      return item;
    },
    chance: (probability) => next() < probability,
  };
}
