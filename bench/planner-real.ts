/**
 * `npm run bench:planner -- --real`: our planner (harmonicStrictness 'strict') beside djkr8 (PyPI, OR-Tools
 * CP-SAT; its default time limit and 30 s) on pools of real songs' Spotify metadata, every plan scored by the
 * neutral scorer in planner-scorer.ts. Songs and djkr8 come from the Python venv that scripts/install.sh builds
 * (bench/python/*.py, docs/planner.md "Real song metadata").
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { benchVenvPython } from './bench-venv';
import { argValue, numberListArg } from './cli-args';
import { CROSSFADE_SECONDS } from './planner-baselines';
import { camelotOf, formatCamelot, scoreSet, type ScoredEntry, type ScoredSong, type SetScore } from './planner-scorer';
import { targetEnergyAt } from '../src/planner/energy-curve';
import { planSet } from '../src/planner/plan-set';
import { seededRandom } from '../src/planner/random';
import { ENERGY_MODES, EVENT_PRESETS, type EnergyMode, type EventPreset, type PlanInput, type PlannerTrack } from '../src/planner/types';

const PITCH_NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];
const WINDOW_SECONDS = 30;
const MIN_ARTIST_SPACING = 3;
/** Several seeded pools per size; the largest sizes take longer for djkr8, so fewer. */
const POOLS_PER_SIZE: Record<number, number> = { 60: 4, 200: 4, 2000: 2, 10_000: 1 };
const DJKR8_LIMITS = [{ label: 'djkr8 default', seconds: null }, { label: 'djkr8 30 s', seconds: 30 }] as const;
/** djkr8 builds one CP-SAT variable per compatible pair in Python: on large pools that alone can take minutes. */
const DJKR8_GIVE_UP_SECONDS = 240;
const DJKR8_MEMORY_CAP_KB = 3 * 1024 * 1024;

/**
 * What the bench asks our planner for, as a DJ would for this comparison: the STRICT Camelot rule the scorer
 * counts, the scorer's own 5 % tempo step as the tolerance, and key lock, so key moves are judged on the keys
 * the scorer reads (without it a tempo change shifts the heard key). Every field is a plan request option.
 */
const OUR_REQUEST = { harmonicStrictness: 'strict', tempoTolerance: 0.05, keyLock: true, minArtistSpacing: MIN_ARTIST_SPACING } as const satisfies Partial<PlanInput>;

interface RealSong {
  id: string;
  title: string;
  artists: string[];
  genre: string;
  tempo: number;
  pitchClass: number;
  mode: number;
  /** Spotify's 0–1. */
  energy: number;
  durationSeconds: number;
}

interface Scenario {
  size: number;
  run: number;
  pool: RealSong[];
  targetSeconds: number;
  mode: EnergyMode;
  preset: EventPreset;
}

interface PlanOutcome {
  planner: string;
  score?: SetScore;
  wallSeconds: number;
  cpuSeconds: number;
  /** Why there is no score (djkr8 did not finish), or djkr8's solver status. */
  note?: string;
}

const benchPython = (): string => benchVenvPython('planner-bench-venv', 'PLANNER_BENCH_PYTHON');

function runPython(script: string, input: string | undefined, timeoutSeconds?: number) {
  // The memory cap keeps a runaway CP-SAT model from taking the shared machine's memory.
  return spawnSync('bash', ['-c', `ulimit -v ${DJKR8_MEMORY_CAP_KB}; exec "$0" "$@"`, benchPython(), path.join(__dirname, 'python', script)], {
    input,
    encoding: 'utf8',
    maxBuffer: 256 * 2 ** 20,
    ...(timeoutSeconds === undefined ? {} : { timeout: timeoutSeconds * 1000, killSignal: 'SIGKILL' as const }),
  });
}

function loadSongs(): RealSong[] {
  const result = runPython('real_songs.py', undefined);
  if (result.status !== 0) throw new Error(`could not read the song dataset (run scripts/install.sh): ${result.stderr || result.error?.message}`);
  return JSON.parse(result.stdout) as RealSong[];
}

/** Spotify's 0–1 energy on the planner's 1–10 scale. */
const energyOf = (song: RealSong): number => 1 + 9 * song.energy;

function scoredSong(song: RealSong): ScoredSong {
  return { pitchClass: song.pitchClass, mode: song.mode, bpm: song.tempo, energy: energyOf(song), artists: song.artists };
}

function plannerTrack(song: RealSong): PlannerTrack {
  return {
    id: song.id,
    title: song.title,
    artist: song.artists.join(', '),
    durationSeconds: song.durationSeconds,
    bpm: song.tempo,
    key: `${PITCH_NAMES[song.pitchClass]}${song.mode === 0 ? 'm' : ''}`,
    energy: energyOf(song),
    genre: song.genre,
  };
}

/** A seeded sample without replacement (partial Fisher–Yates); a size above the dataset takes all of it. */
function drawPool(songs: RealSong[], size: number, seed: number): RealSong[] {
  const random = seededRandom(seed);
  const copy = [...songs];
  const count = Math.min(size, copy.length);
  for (let index = 0; index < count; index++) {
    const pick = index + Math.floor(random() * (copy.length - index));
    [copy[index], copy[pick]] = [copy[pick]!, copy[index]!];
  }
  return copy.slice(0, count);
}

function scenarioFor(songs: RealSong[], size: number, run: number): Scenario {
  return {
    size,
    run,
    pool: drawPool(songs, size, 7919 * size + run),
    targetSeconds: size <= 60 ? 3600 : 7200,
    mode: ENERGY_MODES[run % ENERGY_MODES.length]!,
    preset: EVENT_PRESETS[(run * 3) % EVENT_PRESETS.length]!,
  };
}

function scoreOrder(scenario: Scenario, entries: ScoredEntry[], endSeconds: number): SetScore {
  return scoreSet(
    {
      entries,
      endSeconds,
      targetSeconds: scenario.targetSeconds,
      targetEnergyAt: (seconds) => targetEnergyAt(scenario.mode, scenario.preset, seconds, scenario.targetSeconds),
    },
    MIN_ARTIST_SPACING,
  );
}

function runOurs(scenario: Scenario): PlanOutcome {
  const byId = new Map(scenario.pool.map((song) => [song.id, song]));
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = planSet({
    tracks: scenario.pool.map(plannerTrack),
    targetDurationSeconds: scenario.targetSeconds,
    energyMode: scenario.mode,
    eventPreset: scenario.preset,
    seed: scenario.run + 1,
    durationWindowSeconds: WINDOW_SECONDS,
    ...OUR_REQUEST,
  });
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const entries = result.entries.map((entry) => ({ song: scoredSong(byId.get(entry.trackId)!), startSeconds: entry.startTime }));
  return {
    planner: 'ours (strict, 5 %, key lock)',
    score: scoreOrder(scenario, entries, result.totalDurationSeconds),
    wallSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

/**
 * djkr8 returns an order only. It is timed the way queue-based players mix: each track in full, overlapped by
 * a 10 s crossfade with the next (bench/planner-baselines.ts), and scored against the same requested curve.
 * Its energy scale is 1–5: the 1–10 energy halved and rounded. Its duration cap is the target plus the window.
 */
function runDjkr8(scenario: Scenario, label: string, limitSeconds: number | null): PlanOutcome {
  const byId = new Map(scenario.pool.map((song) => [song.id, song]));
  const request = {
    tracks: scenario.pool.map((song) => ({
      id: song.id,
      camelot: formatCamelot(camelotOf(song.pitchClass, song.mode)),
      bpm: song.tempo,
      energy: Math.min(5, Math.max(1, Math.round(energyOf(song) / 2))),
      durationSeconds: song.durationSeconds,
    })),
    maxDurationSeconds: scenario.targetSeconds + WINDOW_SECONDS,
    timeLimitSeconds: limitSeconds,
  };
  const started = performance.now();
  const result = runPython('djkr8_plan.py', JSON.stringify(request), DJKR8_GIVE_UP_SECONDS);
  const elapsed = (performance.now() - started) / 1000;
  if (result.status !== 0) {
    const reason = result.signal === 'SIGKILL' ? `gave up after ${DJKR8_GIVE_UP_SECONDS} s` : `failed: ${(result.stderr || result.error?.message || '').trim().split('\n').pop()}`;
    return { planner: label, wallSeconds: elapsed, cpuSeconds: Number.NaN, note: reason };
  }
  const answer = JSON.parse(result.stdout) as { order: string[]; status: string; wallSeconds: number; cpuSeconds: number };
  // CP-SAT found no solution within its limit (status UNKNOWN): no plan, which must not score as a perfect empty set.
  if (answer.order.length === 0) return { planner: label, wallSeconds: answer.wallSeconds, cpuSeconds: answer.cpuSeconds, note: `no plan (${answer.status})` };
  let start = 0;
  const entries: ScoredEntry[] = [];
  for (const id of answer.order) {
    const song = byId.get(id)!;
    entries.push({ song: scoredSong(song), startSeconds: start });
    start += song.durationSeconds - CROSSFADE_SECONDS;
  }
  const endSeconds = entries.length === 0 ? 0 : start + CROSSFADE_SECONDS;
  return { planner: label, score: scoreOrder(scenario, entries, endSeconds), wallSeconds: answer.wallSeconds, cpuSeconds: answer.cpuSeconds, note: answer.status };
}

const mean = (values: number[]): number => (values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length);
const pct = (value: number): string => (Number.isNaN(value) ? '–' : `${(value * 100).toFixed(1)} %`);
const fixed = (value: number, digits: number): string => (Number.isNaN(value) ? '–' : value.toFixed(digits));

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]): string => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

function summaryRow(planner: string, outcomes: PlanOutcome[]): string[] {
  const scored = outcomes.filter((outcome) => outcome.score !== undefined).map((outcome) => outcome.score!);
  const of = (pick: (score: SetScore) => number) => mean(scored.map(pick));
  return [
    planner,
    `${scored.length}/${outcomes.length}`,
    fixed(of((score) => score.tracks), 1),
    pct(of((score) => score.strictShare)),
    pct(Math.min(...scored.map((score) => score.strictShare))),
    pct(of((score) => score.moderateShare)),
    pct(of((score) => score.tempoWithin5Share)),
    pct(Math.min(...scored.map((score) => score.tempoWithin5Share))),
    pct(of((score) => score.tempoWithin8Share)),
    fixed(of((score) => score.energyRmse), 2),
    fixed(of((score) => Math.abs(score.durationErrorSeconds)), 0),
    fixed(of((score) => score.adjacentArtistRepeats), 1),
    fixed(of((score) => score.artistRepeatsWithinSpacing), 1),
    fixed(Math.max(...outcomes.map((outcome) => outcome.wallSeconds)), 2),
    fixed(mean(outcomes.map((outcome) => outcome.cpuSeconds)), 2),
  ];
}

const HEADERS = ['planner', 'pools', 'tracks', 'STRICT', 'worst', 'MODERATE', 'tempo≤5%', 'worst', 'tempo≤8%', 'E RMSE', '|dur err| s', 'adj artist', `artist ≤${MIN_ARTIST_SPACING}`, 'max wall s', 'CPU s'];

interface SizeResult {
  size: number;
  poolSize: number;
  scenarios: Array<Omit<Scenario, 'pool'> & { outcomes: PlanOutcome[] }>;
}

function checks(results: SizeResult[]) {
  const verdicts: Array<{ requirement: string; value: string; pass: boolean }> = [];
  for (const result of results) {
    for (const scenario of result.scenarios) {
      const ours = scenario.outcomes[0]!;
      const label = `${result.poolSize} pool ${scenario.run + 1}`;
      const strict = ours.score?.strictShare ?? 0;
      const tempo = ours.score?.tempoWithin5Share ?? 0;
      if (result.size <= 200) {
        if (scenario.outcomes.length > 1) {
          const djkr8Best = Math.max(...scenario.outcomes.slice(1).map((outcome) => outcome.score?.strictShare ?? 0));
          verdicts.push({ requirement: `${label}: our STRICT ≥ djkr8's best`, value: `${pct(strict)} vs ${pct(djkr8Best)}`, pass: strict >= djkr8Best });
        }
        verdicts.push({ requirement: `${label}: our tempo ≤ 5 % ≥ 90 %`, value: pct(tempo), pass: tempo >= 0.9 });
        verdicts.push({ requirement: `${label}: our plan ≤ 1 s`, value: `${ours.wallSeconds.toFixed(3)} s`, pass: ours.wallSeconds <= 1 });
      } else {
        verdicts.push({ requirement: `${label}: our STRICT ≥ 95 %`, value: pct(strict), pass: strict >= 0.95 });
        verdicts.push({ requirement: `${label}: our tempo ≤ 5 % ≥ 95 %`, value: pct(tempo), pass: tempo >= 0.95 });
      }
    }
  }
  return verdicts;
}

export function runRealSongBench(argv: readonly string[]): void {
  const json = argv.includes('--json');
  const withDjkr8 = !argv.includes('--no-djkr8');
  const sizes = numberListArg(argv, '--sizes', '60,200,2000,10000');
  const djkr8MaxSize = Number(argValue(argv, '--djkr8-max-size') ?? '2000');
  // More pools than the issue's table (e.g. `--pools 48 --no-djkr8`): the seeds past the first are a hold-out.
  const poolsOverride = argValue(argv, '--pools');
  const songs = loadSongs();
  const results: SizeResult[] = [];
  for (const size of sizes) {
    const pools = poolsOverride === undefined ? (POOLS_PER_SIZE[size] ?? 2) : Number(poolsOverride);
    const result: SizeResult = { size, poolSize: Math.min(size, songs.length), scenarios: [] };
    for (let run = 0; run < pools; run++) {
      const scenario = scenarioFor(songs, size, run);
      const outcomes = [runOurs(scenario)];
      if (withDjkr8 && size <= djkr8MaxSize) for (const limit of DJKR8_LIMITS) outcomes.push(runDjkr8(scenario, limit.label, limit.seconds));
      const { pool: _pool, ...described } = scenario;
      result.scenarios.push({ ...described, outcomes });
      const progress = outcomes.map((o) => `${o.planner}: STRICT ${pct(o.score?.strictShare ?? Number.NaN)}, tempo≤5% ${pct(o.score?.tempoWithin5Share ?? Number.NaN)}, ${o.wallSeconds.toFixed(2)} s${o.note ? ` ${o.note}` : ''}`);
      process.stderr.write(`  pool ${result.poolSize} #${run + 1}: ${progress.join('; ')}\n`);
    }
    results.push(result);
  }
  const verdicts = checks(results);
  const report = { date: new Date().toISOString(), node: process.version, loadAverage: os.loadavg(), songs: songs.length, results, checks: verdicts };
  if (json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  console.log(`\nReal song metadata ${report.date} (Node ${report.node}, ${songs.length} distinct songs; load average ${report.loadAverage.map((value) => value.toFixed(2)).join(' ')})`);
  for (const result of results) {
    const first = result.scenarios[0]!;
    const note = result.poolSize < result.size ? ` (asked for ${result.size}; the dataset has ${songs.length} songs, so the whole dataset)` : '';
    console.log(`\nPool of ${result.poolSize} real songs${note}, ${result.scenarios.length} seeded pools, target ${first.targetSeconds / 60} min, modes ${result.scenarios.map((s) => `${s.mode}/${s.preset}`).join(', ')} (means; worst = worst pool)`);
    const planners = result.scenarios[0]!.outcomes.map((outcome) => outcome.planner);
    console.log(table(HEADERS, planners.map((planner, index) => summaryRow(planner, result.scenarios.map((scenario) => scenario.outcomes[index]!)))));
    const notes = result.scenarios.flatMap((scenario) => scenario.outcomes.filter((outcome) => outcome.note !== undefined && outcome.score === undefined).map((outcome) => `pool ${scenario.run + 1} ${outcome.planner}: ${outcome.note}`));
    if (notes.length > 0) console.log(notes.join('\n'));
    if (!withDjkr8 || result.size > djkr8MaxSize) console.log(`(djkr8 not run at this size${withDjkr8 ? `: above --djkr8-max-size ${djkr8MaxSize}` : ''})`);
  }
  console.log('\nIssue 13 requirements (per pool)');
  console.log(table(['requirement', 'measured', 'result'], verdicts.map((check) => [check.requirement, check.value, check.pass ? 'PASS' : 'FAIL'])));
}
