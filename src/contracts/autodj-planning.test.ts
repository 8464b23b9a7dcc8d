import { autoDjPlanInputSchema } from './autodj-planning';

const base = { planId: '5f1f3c2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f', customerId: 'customer-1', targetDurationSeconds: 600, energyMode: 'build' };

function problems(input: unknown): { path: string; message: string }[] {
  const result = autoDjPlanInputSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

describe('pool.catalog', () => {
  it('accepts a filter, and no filter at all (the whole of the caller’s catalog)', () => {
    expect(problems({ ...base, pool: { catalog: { genre: 'house', bpmMin: 120, bpmMax: 128 } } })).toEqual([]);
    expect(problems({ ...base, pool: { catalog: {} } })).toEqual([]);
  });

  it('is one of the three pool kinds, never beside another', () => {
    expect(problems({ ...base, pool: { catalog: {}, trackIds: ['a'] } })).toEqual([
      { path: 'pool', message: 'give exactly one of trackIds (catalog ids), tracks (inline descriptors) or catalog (a filter over your own tracks)' },
    ]);
  });

  it('names the field of a bad filter', () => {
    expect(problems({ ...base, pool: { catalog: { bpmMin: 130, bpmMax: 120 } } })).toEqual([{ path: 'pool.catalog.bpmMax', message: 'must not be below bpmMin' }]);
    expect(problems({ ...base, pool: { catalog: { trackIds: ['a', 'a'] } } })).toEqual([{ path: 'pool.catalog.trackIds', message: 'must not name a track twice' }]);
    expect(problems({ ...base, pool: { catalog: { mood: 'happy' } } })[0]!.path).toBe('pool.catalog');
  });

  it('filters by energy and tags, naming the field of a bad one', () => {
    expect(problems({ ...base, pool: { catalog: { energyMin: 4, energyMax: 8, tags: ['Warm-up', 'vinyl'] } } })).toEqual([]);
    expect(problems({ ...base, pool: { catalog: { energyMin: 8, energyMax: 4 } } })).toEqual([{ path: 'pool.catalog.energyMax', message: 'must not be below energyMin' }]);
    expect(problems({ ...base, pool: { catalog: { energyMax: 11 } } })[0]!.path).toBe('pool.catalog.energyMax');
    expect(problems({ ...base, pool: { catalog: { energyMin: 0 } } })[0]!.path).toBe('pool.catalog.energyMin');
    expect(problems({ ...base, pool: { catalog: { tags: [] } } })).toEqual([{ path: 'pool.catalog.tags', message: 'must name at least one tag' }]);
    expect(problems({ ...base, pool: { catalog: { tags: ['Vinyl', 'vinyl'] } } })).toEqual([
      { path: 'pool.catalog.tags', message: 'must not name a tag twice (tags compare in lower case)' },
    ]);
    expect(problems({ ...base, pool: { catalog: { tags: ['  '] } } })[0]!.path).toBe('pool.catalog.tags.0');
  });

  it('compares tags in lower case', () => {
    const parsed = autoDjPlanInputSchema.parse({ ...base, pool: { catalog: { tags: [' Warm-Up '] } } });
    expect(parsed.pool.catalog?.tags).toEqual(['warm-up']);
  });

  it('needs the plan’s customer, whose catalog it draws from', () => {
    const { customerId: _customerId, ...withoutOwner } = base;
    expect(problems({ ...withoutOwner, pool: { catalog: {} } })).toEqual([
      { path: 'pool.catalog', message: "a catalog pool is drawn from the plan's customer's tracks: the plan needs a customerId" },
    ]);
  });
});

describe('planner options', () => {
  const pool = { trackIds: ['a'] };

  it('accepts the strictness, the tempo tolerance and the artist spacing, and leaves them optional', () => {
    expect(problems({ ...base, pool, harmonicStrictness: 'moderate', tempoTolerance: 0.05, minArtistSpacing: 4 })).toEqual([]);
    expect(problems({ ...base, pool })).toEqual([]);
  });

  it('names the field of a bad option', () => {
    expect(problems({ ...base, pool, harmonicStrictness: 'loose' })).toEqual([{ path: 'harmonicStrictness', message: 'must be one of: strict, moderate, relaxed' }]);
    expect(problems({ ...base, pool, minArtistSpacing: 1.5 })[0]!.path).toBe('minArtistSpacing');
    expect(problems({ ...base, pool, minArtistSpacing: -1 })[0]!.path).toBe('minArtistSpacing');
  });
});
