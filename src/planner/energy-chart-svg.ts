/**
 * SVG chart of a plan: the target energy curve, the planned energy (one step per track), each track's
 * title, tempo and Camelot code at its start, the transition style at each change and a mark on every key
 * clash. Returns text; writing it is the caller's job.
 *
 * Track labels run horizontally in lanes above the plot: each label takes the first lane where it does not
 * touch the labels already there, so no two labels overlap however dense the set (layoutTrackLabels).
 */
import type { EnergyCurve } from './energy-curve';
import type { PlanEntry } from './types';

/** What the chart reads of one entry; `transition` is the stored JSON (style, clash) when there is one. */
export type ChartableEntry = Pick<PlanEntry, 'startTime' | 'mixOutTime' | 'energy'> & {
  /** bpm and camelot are null on plans stored before they had columns of their own. */
  bpm: number | null;
  camelot: string | null;
  trackId?: string;
  title?: string | null;
  transition?: unknown;
};

/** What the chart reads of a plan: a fresh PlanResult or a plan stored in the database. */
export interface ChartablePlan {
  entries: readonly ChartableEntry[];
  totalDurationSeconds: number;
}

export interface LabelBox {
  x: number;
  y: number;
  width: number;
  height: number;
  text: string;
  /** Where the label's track starts on the time axis. */
  anchorX: number;
}

const WIDTH = 1400;
const PLOT_HEIGHT = 360;
const MARGIN = { left: 56, right: 40, top: 40, bottom: 84 };
const SAMPLE_SECONDS = 10;
const LABEL_FONT = 10;
/** Generous average glyph width of a sans-serif font, as a share of its size, so estimated boxes never undershoot. */
const GLYPH_WIDTH = 0.62;
const LABEL_HEIGHT = LABEL_FONT + 4;
const LABEL_GAP = 4;
const MAX_TITLE_CHARS = 22;

const STYLE_COLOURS: Record<string, string> = {
  'long-blend': '#2ca02c',
  blend: '#1f77b4',
  'echo-out': '#9467bd',
  breakdown: '#ff7f0e',
  cut: '#7f7f7f',
};

export function renderPlanChart(plan: ChartablePlan, curve: EnergyCurve, title: string): string {
  const span = Math.max(plan.totalDurationSeconds, curve.durationSeconds);
  const x = (seconds: number): number => MARGIN.left + (seconds / span) * (WIDTH - MARGIN.left - MARGIN.right);
  const labels = layoutTrackLabels(plan.entries, x);
  const lanes = labels.reduce((most, box) => Math.max(most, Math.round((box.y - MARGIN.top) / (LABEL_HEIGHT + LABEL_GAP)) + 1), 0);
  const plotTop = MARGIN.top + lanes * (LABEL_HEIGHT + LABEL_GAP) + 12;
  const plotBottom = plotTop + PLOT_HEIGHT;
  const height = plotBottom + MARGIN.bottom;
  const y = (energy: number): number => plotTop + ((10 - energy) / 9) * PLOT_HEIGHT;
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
    grid.push(`<text x="${fixed(x(minute * 60))}" y="${plotBottom + 16}" text-anchor="middle" font-size="11">${minute} min</text>`);
  }

  const leaders = labels.map(
    (box) =>
      `<line x1="${fixed(box.anchorX)}" x2="${fixed(box.anchorX)}" y1="${fixed(box.y + box.height)}" y2="${plotBottom}" stroke="#ccc" stroke-dasharray="2,3"/>` +
      (Math.abs(box.x - box.anchorX) > 0.5 ? `<line x1="${fixed(box.anchorX)}" x2="${fixed(box.x)}" y1="${fixed(box.y + box.height)}" y2="${fixed(box.y + box.height)}" stroke="#ccc"/>` : ''),
  );
  const texts = labels.map((box) => `<text x="${fixed(box.x)}" y="${fixed(box.y + box.height - 4)}" font-size="${LABEL_FONT}">${escapeXml(box.text)}</text>`);

  // One dot per transition on the planned line, coloured by style; a red ✕ above the plot marks a key clash.
  const counts = new Map<string, number>();
  let clashes = 0;
  const marks = plan.entries.slice(1).map((entry) => {
    const { style, clash } = transitionOf(entry.transition);
    counts.set(style, (counts.get(style) ?? 0) + 1);
    const at = fixed(x(entry.startTime));
    const dot = `<circle cx="${at}" cy="${fixed(y(entry.energy))}" r="4" fill="${STYLE_COLOURS[style] ?? '#000'}" stroke="white"/>`;
    if (!clash) return dot;
    clashes++;
    return `${dot}<text x="${at}" y="${plotTop + 12}" text-anchor="middle" font-size="13" font-weight="bold" fill="#d62728">✕</text>`;
  });

  const legend: string[] = [
    `<text x="${MARGIN.left}" y="${height - 14}" font-size="12" fill="#1f77b4">— target energy</text>`,
    `<text x="${MARGIN.left + 120}" y="${height - 14}" font-size="12" fill="#d62728">— planned energy</text>`,
    `<text x="${MARGIN.left + 250}" y="${height - 14}" font-size="12" fill="#d62728">✕ key clash (${clashes})</text>`,
  ];
  let legendX = MARGIN.left + 380;
  for (const [style, colour] of Object.entries(STYLE_COLOURS)) {
    const text = `${style} (${counts.get(style) ?? 0})`;
    legend.push(`<circle cx="${legendX}" cy="${height - 18}" r="4" fill="${colour}"/>`);
    legend.push(`<text x="${legendX + 8}" y="${height - 14}" font-size="12">${text}</text>`);
    legendX += 30 + text.length * 12 * GLYPH_WIDTH;
  }

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif">`,
    `<rect width="${WIDTH}" height="${height}" fill="white"/>`,
    `<text x="${MARGIN.left}" y="22" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    ...grid,
    ...leaders,
    ...texts,
    `<polyline points="${target.join(' ')}" fill="none" stroke="#1f77b4" stroke-width="2"/>`,
    `<polyline points="${planned.join(' ')}" fill="none" stroke="#d62728" stroke-width="2"/>`,
    ...marks,
    ...legend,
    '</svg>',
  ].join('\n');
}

/**
 * Boxes of the track labels: each starts at its track's start (pulled left at the right edge) and goes to the
 * first lane, top down, where it keeps LABEL_GAP from every label already there. Widths are estimated
 * generously from the character count, so boxes that do not intersect mean texts that do not overlap.
 */
export function layoutTrackLabels(entries: readonly ChartableEntry[], x: (seconds: number) => number): LabelBox[] {
  const lanes: LabelBox[][] = [];
  return entries.map((entry) => {
    const text = labelText(entry);
    const width = textWidth(text);
    const anchorX = x(entry.startTime);
    const left = Math.max(MARGIN.left, Math.min(anchorX, WIDTH - MARGIN.right - width));
    let lane = lanes.findIndex((boxes) => boxes.every((box) => left >= box.x + box.width + LABEL_GAP || left + width + LABEL_GAP <= box.x));
    if (lane < 0) lane = lanes.push([]) - 1;
    const box = { x: left, y: MARGIN.top + lane * (LABEL_HEIGHT + LABEL_GAP), width, height: LABEL_HEIGHT, text, anchorX };
    lanes[lane]!.push(box);
    return box;
  });
}

/** East Asian wide characters take a full em; everything else the generous average. */
function textWidth(text: string): number {
  let ems = 0;
  for (const char of text) ems += char.codePointAt(0)! >= 0x2e80 ? 1 : GLYPH_WIDTH;
  return ems * LABEL_FONT + 2;
}

function labelText(entry: ChartableEntry): string {
  const name = entry.title ?? entry.trackId ?? '';
  const short = name.length > MAX_TITLE_CHARS ? `${name.slice(0, MAX_TITLE_CHARS - 1)}…` : name;
  const facts = `${entry.bpm === null ? '?' : entry.bpm.toFixed(1)} BPM · ${entry.camelot ?? '?'}`;
  return short.length > 0 ? `${short} · ${facts}` : facts;
}

/** Style and clash flag of a stored transition (JSON of any age: older plans have no clash flag). */
function transitionOf(transition: unknown): { style: string; clash: boolean } {
  if (typeof transition !== 'object' || transition === null) return { style: 'blend', clash: false };
  const { style, clash } = transition as { style?: unknown; clash?: unknown };
  return { style: typeof style === 'string' ? style : 'blend', clash: clash === true };
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
