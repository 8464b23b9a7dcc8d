import { mulberry32 } from '../shared/seeded-random';

/** Plans must be reproducible for a seed, so the planner draws only from this seeded generator. */
export type Random = () => number;

export const seededRandom: (seed: number) => Random = mulberry32;

export function randomInt(random: Random, below: number): number {
  return Math.floor(random() * below);
}
