/**
 * Planner benchmark (issue 3): quality and speed of our planner beside the old ordering, greedy
 * nearest neighbour and the exact optimum, all measured in this run on seeded realistic pools.
 * `npm run bench:planner` prints tables; `-- --json` prints the same figures as one JSON object.
 * `-- --real` runs the real-song-metadata comparison with djkr8 instead (bench/planner-real.ts).
 */
import { greedyNearestNeighbour, oldOrdering, crossfadePolicy } from './planner-baselines';
import { runRealSongBench } from './planner-real';
import { EnergyCurve } from '../src/planner/energy-curve';
import { PlanObjective } from '../src/planner/objective';
import { planSet } from '../src/planner/plan-set';
import { generatePool } from '../src/planner/pool-generator';
import { prepareTrack, type PreparedTrack } from '../src/planner/prepare';
import { computeQuality } from '../src/planner/quality';
import { scheduleEntries } from '../src/planner/schedule';
import { ENERGY_MODES, EVENT_PRESETS, type EnergyMode, type EventPreset, type QualityReport } from '../src/planner/types';

const TWO_HOURS = 7200;
const WINDOW = 30;
const GAP_POOLS = 60;
/** Our heuristic is seeded: each pool is planned with this many seeds, so one lucky seed cannot hide a miss. */
const GAP_SEEDS = 5;
const QUALITY_SIZES = [16, 100, 1000, 10_000];
const SPEED_SIZES = [100, 1000, 10_000, 50_000];
const RUNS: Record<number, number> = { 16: 10, 100: 10, 1000: 10, 10_000: 20, 50_000: 4 };
const PLANNERS = ['ours', 'old ordering', 'greedy NN'] as const;
type Planner = (typeof PLANNERS)[number];

interface Scenario {
  pool: PreparedTrack[];
  target: number;
  mode: EnergyMode;
  preset: EventPreset;
  seed: number;
}

interface Measured {
  quality: QualityReport;
  objective: number;
  milliseconds: number;
  heapMegabytes: number;
}

const collect = (globalThis as { gc?: () => void }).gc;

function measure(run: () => { quality: QualityReport; objective: number }): Measured {
  collect?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const result = run();
  const milliseconds = performance.now() - started;
  return { ...result, milliseconds, heapMegabytes: (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20 };
}

function objectiveOf(scenario: Scenario): PlanObjective {
  const curve = new EnergyCurve(scenario.mode, scenario.preset, scenario.target);
  return new PlanObjective(scenario.pool, curve, {}, scenario.target, WINDOW);
}

function runPlanner(planner: Planner | 'exact', scenario: Scenario): Measured {
  const tracks = scenario.pool.map((prepared) => prepared.track);
  if (planner === 'ours' || planner === 'exact') {
    return measure(() => {
      const result = planSet({
        tracks,
        targetDurationSeconds: scenario.target,
        energyMode: scenario.mode,
        eventPreset: scenario.preset,
        seed: scenario.seed,
        durationWindowSeconds: WINDOW,
        algorithm: planner === 'exact' ? 'exact' : 'heuristic',
      });
      return { quality: result.quality, objective: result.objective };
    });
  }
  return measure(() => {
    const curve = new EnergyCurve(scenario.mode, scenario.preset, scenario.target);
    const ordered =
      planner === 'old ordering' ? oldOrdering(scenario.pool, scenario.target, scenario.mode) : greedyNearestNeighbour(scenario.pool, scenario.target, curve, {});
    const quality = computeQuality(ordered, scheduleEntries(ordered, {}, crossfadePolicy), curve, {});
    // The baseline's order scored by our objective (with our mix points), so gaps compare choices, not timing models.
    const objective = objectiveOf(scenario);
    return { quality, objective: objective.evaluate(ordered.map((track) => objective.local(track.index))) };
  });
}

function scenarioFor(size: number, run: number): Scenario {
  const tracks = generatePool(size, 1000 * size + run);
  const pool = tracks.map((track, index) => prepareTrack(track, index));
  const playable = pool.reduce((sum, track) => sum + track.profile.playSeconds, 0);
  const target = size <= 16 ? Math.round(playable * (0.4 + 0.3 * ((run * 37) % 10) / 10)) : TWO_HOURS;
  return { pool, target, mode: ENERGY_MODES[run % ENERGY_MODES.length]!, preset: EVENT_PRESETS[run % EVENT_PRESETS.length]!, seed: run + 1 };
}

function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
}

const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;

function summarize(runs: Measured[]) {
  return {
    harmonicCompatibleShare: mean(runs.map((run) => run.quality.harmonicCompatibleShare)),
    tempoJumpsWithinShare: mean(runs.map((run) => run.quality.tempoJumpsWithinShare)),
    energyRmse: mean(runs.map((run) => run.quality.energyRmse)),
    absDurationErrorSeconds: mean(runs.map((run) => Math.abs(run.quality.durationErrorSeconds))),
    maxAbsDurationErrorSeconds: Math.max(...runs.map((run) => Math.abs(run.quality.durationErrorSeconds))),
    phraseAlignedShare: mean(runs.map((run) => run.quality.phraseAlignedShare)),
    minHarmonicCompatibleShare: Math.min(...runs.map((run) => run.quality.harmonicCompatibleShare)),
    minTempoJumpsWithinShare: Math.min(...runs.map((run) => run.quality.tempoJumpsWithinShare)),
    maxEnergyRmse: Math.max(...runs.map((run) => run.quality.energyRmse)),
    minPhraseAlignedShare: Math.min(...runs.map((run) => run.quality.phraseAlignedShare)),
    p50Ms: percentile(runs.map((run) => run.milliseconds), 0.5),
    p95Ms: percentile(runs.map((run) => run.milliseconds), 0.95),
    heapMegabytes: Math.max(...runs.map((run) => run.heapMegabytes)),
  };
}
type Summary = ReturnType<typeof summarize>;

function gapStudy() {
  const gaps: Record<Planner, number[]> = { ours: [], 'old ordering': [], 'greedy NN': [] };
  const exactMs: number[] = [];
  for (let run = 0; run < GAP_POOLS; run++) {
    const scenario = scenarioFor(12 + (run % 5), run);
    const exact = runPlanner('exact', scenario);
    exactMs.push(exact.milliseconds);
    const gapOf = (measured: Measured): number => (measured.objective - exact.objective) / exact.objective;
    for (let seed = 0; seed < GAP_SEEDS; seed++) gaps.ours.push(gapOf(runPlanner('ours', { ...scenario, seed: scenario.seed + 1000 * seed })));
    gaps['old ordering'].push(gapOf(runPlanner('old ordering', scenario)));
    gaps['greedy NN'].push(gapOf(runPlanner('greedy NN', scenario)));
  }
  const stats = (values: number[]) => ({ plans: values.length, mean: mean(values), max: Math.max(...values), optimal: values.filter((gap) => gap < 1e-9).length });
  return {
    pools: GAP_POOLS,
    sizes: '12–16',
    exactP50Ms: percentile(exactMs, 0.5),
    ours: stats(gaps.ours),
    oldOrdering: stats(gaps['old ordering']),
    greedyNearestNeighbour: stats(gaps['greedy NN']),
  };
}

function qualityStudy(size: number): Record<Planner, Summary> {
  const runs: Record<Planner, Measured[]> = { ours: [], 'old ordering': [], 'greedy NN': [] };
  const warmUp = scenarioFor(size, 999);
  for (const planner of PLANNERS) runPlanner(planner, warmUp);
  for (let run = 0; run < RUNS[size]!; run++) {
    const scenario = scenarioFor(size, run);
    for (const planner of PLANNERS) runs[planner].push(runPlanner(planner, scenario));
  }
  return { ours: summarize(runs.ours), 'old ordering': summarize(runs['old ordering']), 'greedy NN': summarize(runs['greedy NN']) };
}

function speedStudy(size: number) {
  const times: number[] = [];
  runPlanner('ours', scenarioFor(size, 999));
  for (let run = 0; run < RUNS[size]!; run++) times.push(runPlanner('ours', scenarioFor(size, run)).milliseconds);
  return { size, runs: times.length, p50Ms: percentile(times, 0.5), p95Ms: percentile(times, 0.95) };
}

function checks(gap: ReturnType<typeof gapStudy>, tenThousand: Record<Planner, Summary>, speed: ReturnType<typeof speedStudy>[]) {
  const ours = tenThousand.ours;
  const betterThan = (other: Summary): boolean =>
    ours.harmonicCompatibleShare > other.harmonicCompatibleShare &&
    ours.tempoJumpsWithinShare > other.tempoJumpsWithinShare &&
    ours.energyRmse < other.energyRmse &&
    ours.absDurationErrorSeconds < other.absDurationErrorSeconds &&
    ours.phraseAlignedShare > other.phraseAlignedShare;
  const tenThousandSpeed = speed.find((entry) => entry.size === 10_000)!;
  return [
    { requirement: 'optimality gap mean ≤ 1 % (≥ 50 pools of 12–16)', value: pct(gap.ours.mean), pass: gap.ours.mean <= 0.01 },
    { requirement: 'optimality gap max ≤ 5 %', value: pct(gap.ours.max), pass: gap.ours.max <= 0.05 },
    { requirement: '10k: harmonic-compatible ≥ 95 % (worst run)', value: pct(ours.minHarmonicCompatibleShare), pass: ours.minHarmonicCompatibleShare >= 0.95 },
    { requirement: '10k: tempo jumps within 5 % ≥ 95 % (worst run)', value: pct(ours.minTempoJumpsWithinShare), pass: ours.minTempoJumpsWithinShare >= 0.95 },
    { requirement: '10k: energy RMSE ≤ 0.5 (worst run)', value: ours.maxEnergyRmse.toFixed(3), pass: ours.maxEnergyRmse <= 0.5 },
    { requirement: '10k: |duration error| ≤ 30 s (worst run)', value: `${ours.maxAbsDurationErrorSeconds.toFixed(1)} s`, pass: ours.maxAbsDurationErrorSeconds <= 30 },
    { requirement: '10k: phrase-aligned 100 % where beat grids exist (worst run)', value: pct(ours.minPhraseAlignedShare), pass: ours.minPhraseAlignedShare === 1 },
    { requirement: '10k: strictly better than old ordering on every metric', value: '', pass: betterThan(tenThousand['old ordering']) },
    { requirement: '10k: strictly better than greedy NN on every metric', value: '', pass: betterThan(tenThousand['greedy NN']) },
    { requirement: '10k: 2-hour set p95 ≤ 200 ms', value: `${tenThousandSpeed.p95Ms.toFixed(1)} ms`, pass: tenThousandSpeed.p95Ms <= 200 },
  ];
}

function pct(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]): string => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

function main(): void {
  const json = process.argv.includes('--json');
  const gap = gapStudy();
  const quality = Object.fromEntries(QUALITY_SIZES.map((size) => [size, qualityStudy(size)])) as Record<number, Record<Planner, Summary>>;
  const speed = SPEED_SIZES.map(speedStudy);
  const verdicts = checks(gap, quality[10_000]!, speed);
  const report = { date: new Date().toISOString(), node: process.version, windowSeconds: WINDOW, gap, quality, speed, checks: verdicts };
  if (json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  console.log(`Planner benchmark ${report.date} (Node ${report.node}, duration window ±${WINDOW} s)\n`);
  console.log(`Optimality gap against the exact DP on ${gap.pools} pools of ${gap.sizes} tracks, ours with ${GAP_SEEDS} seeds a pool (exact DP p50 ${gap.exactP50Ms.toFixed(0)} ms; a set outside the window pays the objective's window penalty)`);
  console.log(
    table(
      ['planner', 'mean gap', 'max gap', 'optimal'],
      [
        ['ours (heuristic)', pct(gap.ours.mean), pct(gap.ours.max), `${gap.ours.optimal}/${gap.ours.plans}`],
        ['old ordering', pct(gap.oldOrdering.mean), pct(gap.oldOrdering.max), `${gap.oldOrdering.optimal}/${gap.oldOrdering.plans}`],
        ['greedy NN', pct(gap.greedyNearestNeighbour.mean), pct(gap.greedyNearestNeighbour.max), `${gap.greedyNearestNeighbour.optimal}/${gap.greedyNearestNeighbour.plans}`],
      ],
    ),
  );
  for (const size of QUALITY_SIZES) {
    const target = size <= 16 ? '40–67 % of the pool' : '2-hour set';
    console.log(`\nPool of ${size} tracks, ${target}, ${RUNS[size]} runs over all modes and presets (means; time and heap per plan)`);
    console.log(
      table(
        ['planner', 'harmonic', 'tempo ≤5%', 'energy RMSE', '|dur err|', 'phrase', 'p50 ms', 'p95 ms', 'heap MB'],
        PLANNERS.map((planner) => {
          const summary = quality[size]![planner];
          return [
            planner,
            pct(summary.harmonicCompatibleShare),
            pct(summary.tempoJumpsWithinShare),
            summary.energyRmse.toFixed(3),
            `${summary.absDurationErrorSeconds.toFixed(1)} s`,
            pct(summary.phraseAlignedShare),
            summary.p50Ms.toFixed(1),
            summary.p95Ms.toFixed(1),
            summary.heapMegabytes.toFixed(1),
          ];
        }),
      ),
    );
  }
  console.log('\nSpeed of our planner, 2-hour set (one core)');
  console.log(table(['pool', 'runs', 'p50 ms', 'p95 ms'], speed.map((entry) => [String(entry.size), String(entry.runs), entry.p50Ms.toFixed(1), entry.p95Ms.toFixed(1)])));
  console.log('\nIssue 3 requirements');
  console.log(table(['requirement', 'measured', 'result'], verdicts.map((check) => [check.requirement, check.value, check.pass ? 'PASS' : 'FAIL'])));
}

if (process.argv.includes('--real')) runRealSongBench(process.argv);
else main();
