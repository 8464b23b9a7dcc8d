import { EnergyCurve } from './energy-curve';
import { layoutTrackLabels, renderPlanChart, type LabelBox } from './energy-chart-svg';
import { planSet } from './plan-set';
import { generatePool } from './pool-generator';

function intersects(a: LabelBox, b: LabelBox): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('renderPlanChart', () => {
  it('draws both curves and labels every track with its title, tempo and Camelot code', () => {
    const tracks = generatePool(12, 21);
    const plan = planSet({ tracks, targetDurationSeconds: 1500, energyMode: 'wave', eventPreset: 'club' });
    const svg = renderPlanChart(plan, new EnergyCurve('wave', 'club', 1500), 'wave <club>');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    for (const entry of plan.entries) expect(svg).toContain(`${entry.title} · ${entry.bpm.toFixed(1)} BPM · ${entry.camelot}`);
    expect(svg).toContain('wave &lt;club&gt;');
  });

  it('marks every key clash and counts the transition styles in the legend', () => {
    // A small, awkward pool under the strict rule has clashes to mark.
    const tracks = generatePool(40, 2);
    const plan = planSet({ tracks, targetDurationSeconds: 5400, energyMode: 'build', eventPreset: 'club', seed: 2 });
    const svg = renderPlanChart(plan, new EnergyCurve('build', 'club', 5400), 'build');
    const clashes = plan.entries.filter((entry) => entry.transition.clash === true).length;
    expect(clashes).toBeGreaterThan(0);
    expect(svg.match(/>✕</g)).toHaveLength(clashes);
    expect(svg).toContain(`✕ key clash (${clashes})`);
    for (const [style, count] of Object.entries(plan.quality.transitionStyles!)) {
      if (style !== 'start') expect(svg).toContain(`${style} (${count})`);
    }
  });

  it('lays out the labels of a 2-hour set without any two overlapping, inside the chart', () => {
    const tracks = generatePool(300, 5);
    const plan = planSet({ tracks, targetDurationSeconds: 7200, energyMode: 'build', eventPreset: 'club', seed: 5 });
    // Long titles make the layout work hard.
    const entries = plan.entries.map((entry, index) => ({ ...entry, title: `${'Extended Club Mix '.repeat(1 + (index % 3))}${index}` }));
    const boxes = layoutTrackLabels(entries, (seconds) => 56 + (seconds / 7200) * 1300);
    expect(boxes).toHaveLength(entries.length);
    for (let a = 0; a < boxes.length; a++) {
      expect(boxes[a]!.x).toBeGreaterThanOrEqual(56);
      expect(boxes[a]!.x + boxes[a]!.width).toBeLessThanOrEqual(1400);
      for (let b = a + 1; b < boxes.length; b++) expect(intersects(boxes[a]!, boxes[b]!)).toBe(false);
    }
    const svg = renderPlanChart({ ...plan, entries }, new EnergyCurve('build', 'club', 7200), 'build');
    const height = Number(/height="(\d+)"/.exec(svg)![1]);
    expect(Math.max(...boxes.map((box) => box.y + box.height))).toBeLessThan(height);
  });
});
