/**
 * SVG chart of a plan: the target energy curve, the planned energy (one step per track), and
 * each track's tempo and Camelot code at its start. Returns text; writing it is the caller's job.
 */
import type { EnergyCurve } from './energy-curve';
import type { PlanEntry } from './types';

/** What the chart reads of a plan: a fresh PlanResult or a plan stored in the database. */
export interface ChartablePlan {
  /** bpm and camelot are null on plans stored before they had columns of their own. */
  entries: readonly (Pick<PlanEntry, 'startTime' | 'mixOutTime' | 'energy'> & { bpm: number | null; camelot: string | null })[];
  totalDurationSeconds: number;
}

const WIDTH = 1200;
const HEIGHT = 480;
const MARGIN = { left: 56, right: 24, top: 96, bottom: 48 };
const SAMPLE_SECONDS = 10;

export function renderPlanChart(plan: ChartablePlan, curve: EnergyCurve, title: string): string {
  const span = Math.max(plan.totalDurationSeconds, curve.durationSeconds);
  const x = (seconds: number): number => MARGIN.left + (seconds / span) * (WIDTH - MARGIN.left - MARGIN.right);
  const y = (energy: number): number => MARGIN.top + ((10 - energy) / 9) * (HEIGHT - MARGIN.top - MARGIN.bottom);
  const fixed = (value: number): string => value.toFixed(1);

  const target: string[] = [];
  for (let seconds = 0; seconds <= curve.durationSeconds; seconds += SAMPLE_SECONDS) target.push(`${fixed(x(seconds))},${fixed(y(curve.at(seconds)))}`);
  const planned: string[] = [];
  for (const entry of plan.entries) {
    planned.push(`${fixed(x(entry.startTime))},${fixed(y(entry.energy))}`, `${fixed(x(entry.mixOutTime))},${fixed(y(entry.energy))}`);
  }

  const grid: string[] = [];
  for (let energy = 1; energy <= 10; energy++) {
    grid.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${fixed(y(energy))}" y2="${fixed(y(energy))}" stroke="#eee"/>`);
    grid.push(`<text x="${MARGIN.left - 8}" y="${fixed(y(energy) + 4)}" text-anchor="end" font-size="11">${energy}</text>`);
  }
  for (let minute = 0; minute * 60 <= span; minute += 15) {
    grid.push(`<text x="${fixed(x(minute * 60))}" y="${HEIGHT - MARGIN.bottom + 18}" text-anchor="middle" font-size="11">${minute} min</text>`);
  }

  const labels = plan.entries.map((entry) => {
    const left = fixed(x(entry.startTime));
    const text = `${entry.bpm === null ? '?' : entry.bpm.toFixed(1)} BPM · ${entry.camelot ?? '?'}`;
    return [
      `<line x1="${left}" x2="${left}" y1="${MARGIN.top}" y2="${HEIGHT - MARGIN.bottom}" stroke="#ccc" stroke-dasharray="2,3"/>`,
      `<text transform="translate(${fixed(x(entry.startTime) + 4)},${MARGIN.top - 6}) rotate(-60)" font-size="10">${escapeXml(text)}</text>`,
    ].join('');
  });

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${MARGIN.left}" y="20" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    ...grid,
    ...labels,
    `<polyline points="${target.join(' ')}" fill="none" stroke="#1f77b4" stroke-width="2"/>`,
    `<polyline points="${planned.join(' ')}" fill="none" stroke="#d62728" stroke-width="2"/>`,
    // The legend sits under the axis: the rotated track labels fill the top edge.
    `<text x="${WIDTH - 260}" y="${HEIGHT - 8}" font-size="12" fill="#1f77b4">— target energy</text>`,
    `<text x="${WIDTH - 140}" y="${HEIGHT - 8}" font-size="12" fill="#d62728">— planned energy</text>`,
    '</svg>',
  ].join('\n');
}

/** m:ss, as set times are read. */
export function formatSetTime(seconds: number): string {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

export function planChartTitle(energyMode: string, eventPreset: string, totalDurationSeconds: number, trackCount: number): string {
  return `${energyMode} · ${eventPreset} · ${formatSetTime(totalDurationSeconds)} · ${trackCount} tracks`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
