import { EnergyCurve } from './energy-curve';
import { renderPlanChart } from './energy-chart-svg';
import { planSet } from './plan-set';
import { generatePool } from './pool-generator';

describe('renderPlanChart', () => {
  it('draws both curves and labels every track with its tempo and Camelot code', () => {
    const tracks = generatePool(12, 21);
    const plan = planSet({ tracks, targetDurationSeconds: 1500, energyMode: 'wave', eventPreset: 'club' });
    const svg = renderPlanChart(plan, new EnergyCurve('wave', 'club', 1500), 'wave <club>');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    for (const entry of plan.entries) expect(svg).toContain(`BPM · ${entry.camelot}`);
    expect(svg).toContain('wave &lt;club&gt;');
  });
});
