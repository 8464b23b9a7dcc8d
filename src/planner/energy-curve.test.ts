import { EnergyCurve, targetEnergyAt } from './energy-curve';
import { ENERGY_MODES, EVENT_PRESETS, type EnergyMode, type EventPreset } from './types';

const HOURS_2 = 7200;
const sample = (mode: EnergyMode, preset: EventPreset, duration = HOURS_2): number[] =>
  Array.from({ length: 121 }, (_, step) => targetEnergyAt(mode, preset, (step / 120) * duration, duration));
const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;

describe('target energy curves', () => {
  describe.each(EVENT_PRESETS)('preset %s', (preset) => {
    it.each(ENERGY_MODES)('%s stays on the 1–10 scale', (mode) => {
      for (const value of sample(mode, preset)) {
        expect(value).toBeGreaterThanOrEqual(1);
        expect(value).toBeLessThanOrEqual(10);
      }
    });

    it('build never falls and ends well above its start', () => {
      const values = sample('build', preset);
      for (let index = 1; index < values.length; index++) expect(values[index]!).toBeGreaterThanOrEqual(values[index - 1]! - 1e-9);
      expect(values[values.length - 1]! - values[0]!).toBeGreaterThan(2);
    });

    it('steady is flat once the opening is over', () => {
      const values = sample('steady', preset).slice(30);
      expect(Math.max(...values) - Math.min(...values)).toBeLessThan(1e-9);
    });

    it('peak rises to its maximum late in the set and comes down after it', () => {
      const values = sample('peak', preset);
      const top = values.indexOf(Math.max(...values));
      expect(top / 120).toBeGreaterThan(0.6);
      expect(top / 120).toBeLessThan(0.8);
      expect(values[120]!).toBeLessThan(values[top]!);
    });

    it('wave rises and falls more than once', () => {
      const values = sample('wave', preset);
      let turns = 0;
      for (let index = 2; index < values.length; index++) {
        if (Math.sign(values[index]! - values[index - 1]!) !== Math.sign(values[index - 1]! - values[index - 2]!)) turns++;
      }
      expect(turns).toBeGreaterThanOrEqual(4);
    });

    it('chill sits below peak on average', () => {
      expect(mean(sample('chill', preset))).toBeLessThan(mean(sample('peak', preset)));
    });
  });

  it('gives a club night more energy than a dinner', () => {
    for (const mode of ENERGY_MODES) expect(mean(sample(mode, 'club'))).toBeGreaterThan(mean(sample(mode, 'dinner')) + 2);
  });

  it('opens a wedding gently', () => {
    expect(targetEnergyAt('steady', 'wedding', 0, HOURS_2)).toBeLessThan(targetEnergyAt('steady', 'wedding', HOURS_2 / 2, HOURS_2) - 1);
  });
});

describe('EnergyCurve', () => {
  it('integrates the squared deviation of a constant energy', () => {
    const curve = new EnergyCurve('steady', 'default', 3600);
    const target = curve.at(1800);
    expect(curve.squaredDeviation(target, 600, 600)).toBeCloseTo(0, 6);
    expect(curve.squaredDeviation(target + 2, 600, 600)).toBeCloseTo(4 * 600, 6);
    expect(curve.squaredDeviation(target + 1, 600.5, 0.25)).toBeCloseTo(0.25, 6);
  });

  it('matches a direct sum on a changing curve', () => {
    const curve = new EnergyCurve('build', 'club', 3600);
    let direct = 0;
    for (let second = 100; second < 400; second++) direct += (7 - curve.at(second)) ** 2;
    expect(curve.squaredDeviation(7, 100, 300)).toBeCloseTo(direct, 6);
    expect(curve.mean(0, 3600)).toBeGreaterThan(curve.at(0));
  });

  it('holds its last value past the end of the set', () => {
    const curve = new EnergyCurve('build', 'club', 600);
    expect(curve.at(10_000)).toBeCloseTo(curve.at(599), 1);
    expect(Number.isFinite(curve.squaredDeviation(5, 500, 50_000))).toBe(true);
  });
});
