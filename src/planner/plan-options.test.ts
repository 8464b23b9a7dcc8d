import { EnergyCurve } from './energy-curve';
import { planSet } from './plan-set';
import { generatePool } from './pool-generator';
import { steepestFlatStretch } from './quality';
import type { PlanInput, PlannerTrack } from './types';

describe('harmonic strictness', () => {
  const tracks = generatePool(200, 31);
  const base: PlanInput = { tracks, targetDurationSeconds: 3600, energyMode: 'wave', eventPreset: 'default', seed: 4 };
  const strict = planSet(base);
  const relaxed = planSet({ ...base, harmonicStrictness: 'relaxed' });

  it('defaults to strict and reports both shares, the styles and the clashes', () => {
    expect(strict.quality.harmonicStrictness).toBe('strict');
    expect(strict.quality.harmonicCompatibleShare).toBe(strict.quality.strictHarmonicShare);
    expect(strict.quality.moderateHarmonicShare).toBeGreaterThanOrEqual(strict.quality.strictHarmonicShare!);
    const styles = strict.quality.transitionStyles!;
    expect(Object.values(styles).reduce((sum, count) => sum + count, 0)).toBe(strict.entries.length);
    expect(styles.start).toBe(1);
    expect(strict.quality.clashCount).toBe(strict.entries.filter((entry) => entry.transition.clash === true).length);
  });

  it('plays more strict moves when asked to be strict', () => {
    expect(strict.quality.strictHarmonicShare).toBeGreaterThan(relaxed.quality.strictHarmonicShare!);
    expect(strict.quality.strictHarmonicShare).toBeGreaterThanOrEqual(0.85);
  });
});

describe('artist spacing', () => {
  // Ten artists over 120 tracks: without the rule, the same artist would follow itself often.
  const tracks = generatePool(120, 8).map((track, index) => ({ ...track, artist: `Artist ${index % 10}` }));
  const spacingOf = (plan: ReturnType<typeof planSet>): number => {
    const artists = plan.entries.map((entry) => entry.artist);
    let closest = Number.POSITIVE_INFINITY;
    artists.forEach((artist, position) => {
      const previous = position === 0 ? -1 : artists.lastIndexOf(artist, position - 1);
      if (previous >= 0) closest = Math.min(closest, position - previous - 1);
    });
    return closest;
  };

  it('keeps at least three tracks between two tracks of the same artist by default', () => {
    const plan = planSet({ tracks, targetDurationSeconds: 3600, energyMode: 'steady', eventPreset: 'default', seed: 2 });
    expect(spacingOf(plan)).toBeGreaterThanOrEqual(3);
  });

  it('honours a wider spacing, and none when turned off', () => {
    const twentyArtists = tracks.map((track, index) => ({ ...track, artist: `Artist ${index % 20}` }));
    const wide = planSet({ tracks: twentyArtists, targetDurationSeconds: 3600, energyMode: 'steady', eventPreset: 'default', seed: 2, minArtistSpacing: 6 });
    expect(spacingOf(wide)).toBeGreaterThanOrEqual(6);
    const off = planSet({ tracks, targetDurationSeconds: 3600, energyMode: 'steady', eventPreset: 'default', seed: 2, minArtistSpacing: 0 });
    expect(spacingOf(off)).toBeLessThan(3);
  });

  it('ignores tracks without an artist', () => {
    const anonymous = tracks.map(({ artist: _artist, ...track }) => track);
    expect(planSet({ tracks: anonymous, targetDurationSeconds: 1800, energyMode: 'steady', eventPreset: 'default' }).entries.length).toBeGreaterThan(5);
  });
});

describe('flexible play length', () => {
  /** Twelve 4-minute tracks at 124 BPM: natural sets last 29:33 or 32:23, never 31:00 ± 30 s. */
  const twelve: PlannerTrack[] = Array.from({ length: 12 }, (_, index) => ({
    id: `t${index}`,
    title: `Track ${index}`,
    artist: `Artist ${index}`,
    durationSeconds: 240,
    bpm: 124,
    key: `${(index % 3) + 7}A`,
    energy: 5 + (index % 4),
  }));

  it('plans a 31-minute set from twelve 4-minute tracks by playing some of them shorter, on phrase starts', () => {
    const plan = planSet({ tracks: twelve, targetDurationSeconds: 1860, energyMode: 'build', eventPreset: 'default' });
    expect(Math.abs(plan.quality.durationErrorSeconds)).toBeLessThanOrEqual(30);
    expect(plan.quality.trimmedTrackCount).toBeGreaterThan(0);
    expect(plan.quality.phraseAlignedShare).toBe(1);
    const phrase = (8 * 4 * 60) / 124;
    for (const entry of plan.entries) {
      expect(entry.mixOutTime - entry.startTime).toBeGreaterThanOrEqual(60 - 1e-6);
      const offPhrase = (entry.cueInTrack / phrase) % 1;
      expect(Math.min(offPhrase, 1 - offPhrase)).toBeLessThan(1e-6);
    }
  });
});

describe('build curve on a 2-hour set', () => {
  it.each([200, 2000])('never sits at one energy while the target climbs (pool of %i)', (size) => {
    const plan = planSet({ tracks: generatePool(size, 3), targetDurationSeconds: 7200, energyMode: 'build', eventPreset: 'club', seed: 3 });
    const flat = steepestFlatStretch(plan.entries, new EnergyCurve('build', 'club', 7200));
    expect(flat.targetRise).toBeLessThanOrEqual(1);
  });
});
