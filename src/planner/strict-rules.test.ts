import { EnergyCurve } from './energy-curve';
import { PlanObjective } from './objective';
import { planSet } from './plan-set';
import { generatePool } from './pool-generator';
import { prepareTrack } from './prepare';
import { transitionCost } from './transition-cost';
import type { PlanInput, PlanResult } from './types';

/** Key and tempo rules broken by a plan, as transitionCost judges them under `strict`. */
function ruleBreaks(plan: PlanResult, input: PlanInput): number {
  const byId = new Map(input.tracks.map((track) => [track.id, track]));
  let breaks = 0;
  for (let position = 1; position < plan.entries.length; position++) {
    const from = byId.get(plan.entries[position - 1]!.trackId)!;
    const to = byId.get(plan.entries[position]!.trackId)!;
    breaks += transitionCost(from, to, { harmonicStrictness: 'strict', tempoTolerance: input.tempoTolerance, keyLock: input.keyLock }).ruleBreaks;
  }
  return breaks;
}

describe('strict rules come before the energy curve', () => {
  it('prices one rule break above the largest soft total a set could have, and leaving the window above all breaks', () => {
    const pool = generatePool(40, 5).map((track, index) => prepareTrack(track, index));
    const curve = new EnergyCurve('wave', 'club', 3600);
    const strict = new PlanObjective(pool, curve, { harmonicStrictness: 'strict' }, 3600, 30, 3);
    const moderate = new PlanObjective(pool, curve, { harmonicStrictness: 'moderate' }, 3600, 30, 3);
    expect(moderate.ruleBreakCost).toBe(0);
    // The worst soft set imaginable: every track 9 energy points off the curve for the whole hour.
    const worstEnergy = strict.energyDeviationCost(10, 0, 3630) + strict.energyDeviationCost(1, 0, 3630);
    expect(strict.ruleBreakCost).toBeGreaterThan(worstEnergy);
    expect(strict.durationCost(3600 + 31)).toBeGreaterThan(strict.ruleBreakCost * 40);
  });

  // The exact search is optimal for its objective (artist spacing off: the DP sees it between neighbours only),
  // so under `strict` no set inside the window can have fewer breaks than its plan, whatever the curve wants.
  it.each([1, 2, 3, 4, 5, 6])('breaks no more rules than the plan that weighs them against the curve (pool seed %i)', (seed) => {
    const input: PlanInput = {
      tracks: generatePool(14, seed),
      targetDurationSeconds: 1800,
      energyMode: 'build',
      eventPreset: 'club',
      seed,
      algorithm: 'exact',
      minArtistSpacing: 0,
      tempoTolerance: 0.05,
      keyLock: true,
    };
    const strict = planSet({ ...input, harmonicStrictness: 'strict' });
    const moderate = planSet({ ...input, harmonicStrictness: 'moderate' });
    expect(Math.abs(strict.quality.durationErrorSeconds)).toBeLessThanOrEqual(30);
    expect(ruleBreaks(strict, input)).toBeLessThanOrEqual(ruleBreaks(moderate, input));
  });
});
