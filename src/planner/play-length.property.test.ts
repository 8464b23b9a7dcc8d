import fc from 'fast-check';
import { planSet } from './plan-set';
import { generatePool } from './pool-generator';
import { prepareTrack } from './prepare';
import { ENERGY_MODES, HARMONIC_STRICTNESS_LEVELS } from './types';

/** The set lengths a pool can play: from its shortest track cut to the minimum, to every track played naturally. */
function reachOf(tracks: ReturnType<typeof generatePool>): { shortest: number; longest: number } {
  const pool = tracks.map((track, index) => prepareTrack(track, index));
  const shortest = Math.min(...pool.map((track) => track.profile.minFullSeconds));
  const longest = pool.reduce((total, track) => total + track.profile.playSeconds, 0) + Math.max(...pool.map((track) => track.profile.tail));
  return { shortest, longest };
}

describe('flexible play length (property)', () => {
  it('lands within 30 s of any target the pool can reach', () => {
    fc.assert(
      fc.property(
        fc.record({
          size: fc.integer({ min: 3, max: 40 }),
          poolSeed: fc.integer({ min: 1, max: 1_000_000 }),
          seed: fc.integer({ min: 0, max: 1000 }),
          share: fc.double({ min: 0, max: 1, noNaN: true }),
          energyMode: fc.constantFrom(...ENERGY_MODES),
          harmonicStrictness: fc.constantFrom(...HARMONIC_STRICTNESS_LEVELS),
        }),
        (drawn) => {
          const tracks = generatePool(drawn.size, drawn.poolSeed);
          const { shortest, longest } = reachOf(tracks);
          const target = Math.round(shortest + drawn.share * (longest - shortest));
          const plan = planSet({
            tracks,
            targetDurationSeconds: target,
            energyMode: drawn.energyMode,
            eventPreset: 'default',
            seed: drawn.seed,
            harmonicStrictness: drawn.harmonicStrictness,
          });
          expect(Math.abs(plan.totalDurationSeconds - target)).toBeLessThanOrEqual(30);
        },
      ),
      { numRuns: 30, seed: 20261204 },
    );
  });
});
