/**
 * `npm run plan -- --pool <file.json> --duration 7200 --mode build --preset club [--seed 1]
 *   [--first ID] [--last ID] [--window 30] [--strictness strict|moderate|relaxed] [--tolerance 0.06]
 *   [--artist-spacing 3] [--svg plan.svg]`
 * or `--generate 10000 [--pool-seed 7]` instead of `--pool` for a seeded demo pool.
 * Prints the set as a table and writes an SVG chart of target vs planned energy.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EnergyCurve } from '../src/planner/energy-curve';
import { formatSetTime, planChartTitle, renderPlanChart } from '../src/planner/energy-chart-svg';
import { PlannerInputError } from '../src/planner/errors';
import { planSet } from '../src/planner/plan-set';
import { generatePool } from '../src/planner/pool-generator';
import type { EnergyMode, EventPreset, HarmonicStrictness, PlannerTrack } from '../src/planner/types';

const { values } = parseArgs({
  options: {
    pool: { type: 'string' },
    generate: { type: 'string' },
    'pool-seed': { type: 'string', default: '7' },
    duration: { type: 'string', default: '7200' },
    mode: { type: 'string', default: 'build' },
    preset: { type: 'string', default: 'default' },
    seed: { type: 'string', default: '1' },
    first: { type: 'string' },
    last: { type: 'string' },
    window: { type: 'string', default: '30' },
    strictness: { type: 'string' },
    tolerance: { type: 'string' },
    'artist-spacing': { type: 'string' },
    svg: { type: 'string', default: 'plan.svg' },
  },
});

function loadPool(): PlannerTrack[] {
  if (values.generate !== undefined) return generatePool(Number(values.generate), Number(values['pool-seed']));
  if (values.pool === undefined) throw new Error('give --pool <file.json> or --generate <count>');
  const parsed: unknown = JSON.parse(readFileSync(values.pool, 'utf8'));
  const tracks = Array.isArray(parsed) ? parsed : (parsed as { tracks?: unknown }).tracks;
  if (!Array.isArray(tracks)) throw new Error(`${values.pool} holds neither a track array nor { "tracks": [...] }`);
  return tracks as PlannerTrack[];
}

function percent(share: number | undefined): string {
  return share === undefined ? '?' : `${(share * 100).toFixed(1)} %`;
}

function main(): void {
  const tracks = loadPool();
  const byId = new Map(tracks.map((track) => [track.id, track]));
  const input = {
    tracks,
    targetDurationSeconds: Number(values.duration),
    energyMode: values.mode as EnergyMode,
    eventPreset: values.preset as EventPreset,
    seed: Number(values.seed),
    firstTrackId: values.first,
    lastTrackId: values.last,
    durationWindowSeconds: Number(values.window),
    harmonicStrictness: values.strictness as HarmonicStrictness | undefined,
    tempoTolerance: values.tolerance === undefined ? undefined : Number(values.tolerance),
    minArtistSpacing: values['artist-spacing'] === undefined ? undefined : Number(values['artist-spacing']),
  };
  const started = performance.now();
  const plan = planSet(input);
  const elapsed = performance.now() - started;

  const rows = plan.entries.map((entry, position) => {
    const track = byId.get(entry.trackId)!;
    return [
      String(position + 1),
      formatSetTime(entry.startTime),
      `${track.artist ?? ''} – ${track.title ?? entry.trackId}`.slice(0, 36),
      track.bpm.toFixed(1),
      entry.camelot,
      entry.energy.toFixed(1),
      `${((entry.tempoRatio - 1) * 100).toFixed(1)}%`,
      `${entry.overlap.toFixed(1)} s`,
      entry.transition.style,
      entry.transition.score.toFixed(2),
    ];
  });
  const headers = ['#', 'start', 'track', 'BPM', 'key', 'energy', 'tempo Δ', 'overlap', 'transition', 'cost'];
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]): string => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  console.log([line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n'));

  const quality = plan.quality;
  console.log(
    `\n${plan.entries.length} tracks, ${formatSetTime(plan.totalDurationSeconds)} (target ${formatSetTime(input.targetDurationSeconds)}, error ${quality.durationErrorSeconds.toFixed(1)} s), ` +
      `${plan.algorithm} search in ${elapsed.toFixed(0)} ms`,
  );
  console.log(
    `${quality.harmonicStrictness} rule: STRICT harmonic ${percent(quality.strictHarmonicShare)}, MODERATE ${percent(quality.moderateHarmonicShare)}, ` +
      `${quality.clashCount} clashes, ${quality.trimmedTrackCount} tracks played shorter, styles ${JSON.stringify(quality.transitionStyles)}\n` +
      `tempo jumps ≤ 5 % ${(quality.tempoJumpsWithinShare * 100).toFixed(1)} %, ` +
      `energy RMSE ${quality.energyRmse.toFixed(3)}, phrase-aligned ${(quality.phraseAlignedShare * 100).toFixed(1)} %`,
  );
  if (plan.skipped !== undefined) console.log(`skipped: ${plan.skipped.map((skip) => `${skip.trackId} (${skip.reason})`).join(', ')}`);

  const curve = new EnergyCurve(input.energyMode, input.eventPreset, input.targetDurationSeconds);
  const title = planChartTitle(input.energyMode, input.eventPreset, plan.totalDurationSeconds, plan.entries.length);
  writeFileSync(values.svg, renderPlanChart(plan, curve, title));
  console.log(`chart written to ${values.svg}`);
}

try {
  main();
} catch (error) {
  if (error instanceof PlannerInputError) {
    console.error(`invalid input: ${error.field} (${error.rule}): ${error.message}`);
    process.exit(2);
  }
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
