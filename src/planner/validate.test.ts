import { PlannerInputError } from './errors';
import { planSet } from './plan-set';
import { generatePool } from './pool-generator';
import type { PlanInput } from './types';

const tracks = generatePool(12, 3);
const valid: PlanInput = { tracks, targetDurationSeconds: 1200, energyMode: 'build', eventPreset: 'club' };

function errorOf(input: PlanInput): PlannerInputError {
  try {
    planSet(input);
  } catch (error) {
    if (error instanceof PlannerInputError) return error;
    throw error;
  }
  throw new Error('planSet accepted invalid input');
}

describe('planner input validation', () => {
  it.each<[string, Partial<PlanInput> & Record<string, unknown>, string, string]>([
    ['an unknown preset', { eventPreset: 'rave' as PlanInput['eventPreset'] }, 'eventPreset', 'unknown-value'],
    ['an unknown mode', { energyMode: 'loud' as PlanInput['energyMode'] }, 'energyMode', 'unknown-value'],
    ['an empty pool', { tracks: [] }, 'tracks', 'empty-pool'],
    ['a zero duration', { targetDurationSeconds: 0 }, 'targetDurationSeconds', 'not-positive'],
    ['a duration longer than the pool', { targetDurationSeconds: 100_000 }, 'targetDurationSeconds', 'unreachable'],
    ['a duration shorter than any track', { targetDurationSeconds: 20, durationWindowSeconds: 5 }, 'targetDurationSeconds', 'unreachable'],
    ['duplicated ids', { tracks: [...tracks, { ...tracks[0]! }] }, 'tracks', 'duplicate-id'],
    ['an unknown first track', { firstTrackId: 'nope' }, 'firstTrackId', 'unknown-track'],
    ['the same track locked first and last', { firstTrackId: tracks[0]!.id, lastTrackId: tracks[0]!.id }, 'lastTrackId', 'same-as-first'],
    ['a tempo tolerance out of range', { tempoTolerance: 0 }, 'tempoTolerance', 'out-of-range'],
    ['an unknown harmonic strictness', { harmonicStrictness: 'loose' as PlanInput['harmonicStrictness'] }, 'harmonicStrictness', 'unknown-value'],
    ['a fractional artist spacing', { minArtistSpacing: 1.5 }, 'minArtistSpacing', 'out-of-range'],
    ['a negative artist spacing', { minArtistSpacing: -1 }, 'minArtistSpacing', 'out-of-range'],
    ['a fractional seed', { seed: 1.5 }, 'seed', 'not-integer'],
    ['exact search on a large pool', { tracks: generatePool(20, 4), algorithm: 'exact' }, 'algorithm', 'too-many-tracks'],
  ])('rejects %s with field and rule', (_, change, field, rule) => {
    const error = errorOf({ ...valid, ...change });
    expect(error).toBeInstanceOf(PlannerInputError);
    expect(error.name).toBe('PlannerInputError');
    expect(error.field).toBe(field);
    expect(error.rule).toBe(rule);
  });

  it('rejects a pool where no track is playable', () => {
    const broken = tracks.map((track) => ({ ...track, bpm: Number.NaN }));
    expect(errorOf({ ...valid, tracks: broken })).toMatchObject({ field: 'tracks', rule: 'empty-pool' });
  });

  it('rejects locking a track that lacks analysis data', () => {
    const broken = [{ ...tracks[0]!, energy: 0 }, ...tracks.slice(1)];
    expect(errorOf({ ...valid, tracks: broken, firstTrackId: tracks[0]!.id })).toMatchObject({ field: 'firstTrackId', rule: 'not-playable' });
  });

  it('skips tracks without tempo, energy or duration and says why', () => {
    const pool = [...tracks, { ...tracks[0]!, id: 'no-bpm', bpm: 0 }, { ...tracks[1]!, id: 'no-energy', energy: Number.NaN }];
    const result = planSet({ ...valid, tracks: pool });
    expect(result.skipped).toEqual([
      { trackId: 'no-bpm', reason: 'missing tempo' },
      { trackId: 'no-energy', reason: 'missing energy' },
    ]);
    expect(result.entries.map((entry) => entry.trackId)).not.toContain('no-bpm');
  });
});
