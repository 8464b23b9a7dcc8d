/**
 * Composer grid check (issue 4): every mood × 4 tempos × 6 keys is composed, rendered and then
 * measured by our own analysis. Prints a table, or one JSON object with `-- --json`.
 *   npm run bench:composer [-- --json] [-- --seconds 20] [-- --soundfont small|quality]
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SoundfontPreference } from '../src/audio/composer/soundfont';
import { gridCases, runCase, type CaseResult } from './composer-grid';

const THRESHOLDS = { tempoAndKeyShare: 0.9, maxLengthErrorSeconds: 0.1, minSpeed: 10 };

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const share = (results: readonly CaseResult[], test: (result: CaseResult) => boolean): number =>
  results.length === 0 ? 0 : results.filter(test).length / results.length;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

interface Summary {
  cases: number;
  tempoWithin1Percent: number;
  tempoOctaveErrors: number;
  keyExact: number;
  keyExactOrRelative: number;
  tempoAndKeyOk: number;
  maxLengthErrorMs: number;
  medianSpeed: number;
  minSpeed: number;
}

function summarize(results: readonly CaseResult[]): Summary {
  const speeds = results.map((result) => result.speed);
  const round = (value: number, digits = 3): number => Number(value.toFixed(digits));
  return {
    cases: results.length,
    tempoWithin1Percent: round(share(results, (r) => r.tempoWithin1Percent)),
    tempoOctaveErrors: results.filter((r) => r.tempoOctaveError).length,
    keyExact: round(share(results, (r) => r.keyExact)),
    keyExactOrRelative: round(share(results, (r) => r.keyExact || r.keyRelative)),
    tempoAndKeyOk: round(share(results, (r) => r.tempoWithin1Percent && (r.keyExact || r.keyRelative))),
    maxLengthErrorMs: round(Math.max(0, ...results.map((r) => r.lengthErrorSeconds)) * 1000, 2),
    medianSpeed: round(median(speeds), 1),
    minSpeed: round(Math.min(...speeds), 1),
  };
}

function printTable(rows: readonly [string, Summary][]): void {
  const header = ['group', 'cases', 'tempo ±1%', 'octave err', 'key exact', 'key ex|rel', 'tempo&key', 'max len err ms', 'speed med ×RT', 'speed min ×RT'];
  const lines = rows.map(([name, s]) => [
    name,
    String(s.cases),
    `${(s.tempoWithin1Percent * 100).toFixed(1)}%`,
    String(s.tempoOctaveErrors),
    `${(s.keyExact * 100).toFixed(1)}%`,
    `${(s.keyExactOrRelative * 100).toFixed(1)}%`,
    `${(s.tempoAndKeyOk * 100).toFixed(1)}%`,
    s.maxLengthErrorMs.toFixed(2),
    s.medianSpeed.toFixed(1),
    s.minSpeed.toFixed(1),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => (line[column] ?? '').length)));
  const format = (cells: readonly string[]): string => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(format(header));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const line of lines) console.log(format(line));
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const seconds = Number(argument('seconds') ?? 20);
  const soundfontPreference = (argument('soundfont') ?? 'small') as SoundfontPreference;
  const outDir = join(__dirname, 'out');
  await mkdir(outDir, { recursive: true });
  const workDir = await mkdtemp(join(outDir, 'composer-grid-'));

  const results: CaseResult[] = [];
  try {
    const cases = gridCases();
    for (const [index, gridCase] of cases.entries()) {
      results.push(await runCase(gridCase, seconds, workDir, { soundfontPreference, tempDir: workDir }));
      if (!json) process.stderr.write(`\r${index + 1}/${cases.length}`);
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }

  const byMood = [...new Set(results.map((r) => r.mood))].map((mood): [string, Summary] => [mood, summarize(results.filter((r) => r.mood === mood))]);
  const byTempo = [...new Set(results.map((r) => r.bpm))].map((bpm): [string, Summary] => [`${bpm} BPM`, summarize(results.filter((r) => r.bpm === bpm))]);
  const byKey = [...new Set(results.map((r) => r.key))].map((key): [string, Summary] => [key, summarize(results.filter((r) => r.key === key))]);
  const total = summarize(results);
  const verdict = {
    tempoAndKey: total.tempoAndKeyOk >= THRESHOLDS.tempoAndKeyShare,
    length: total.maxLengthErrorMs / 1000 <= THRESHOLDS.maxLengthErrorSeconds,
    speed: total.minSpeed >= THRESHOLDS.minSpeed,
  };
  const misses = results
    .filter((r) => !(r.tempoWithin1Percent && (r.keyExact || r.keyRelative)))
    .map((r) => ({ mood: r.mood, bpm: r.bpm, key: r.key, analysedBpm: r.analysedBpm, analysedKey: r.analysedKey }));

  if (json) {
    console.log(JSON.stringify({ date: new Date().toISOString(), seconds, soundfont: soundfontPreference, thresholds: THRESHOLDS, total, verdict, byMood: Object.fromEntries(byMood), byTempo: Object.fromEntries(byTempo), byKey: Object.fromEntries(byKey), misses }));
    return;
  }
  process.stderr.write('\n');
  console.log(`Composer grid: ${results.length} pieces of ${seconds} s, soundfont preference "${soundfontPreference}", measured by src/audio/analysis.ts`);
  printTable([...byMood, ...byTempo, ...byKey, ['all', total]]);
  console.log(`\nthresholds: tempo within 1% and key exact or relative ≥ ${THRESHOLDS.tempoAndKeyShare * 100}% → ${verdict.tempoAndKey ? 'met' : 'NOT met'}; ` +
    `length within ${THRESHOLDS.maxLengthErrorSeconds * 1000} ms → ${verdict.length ? 'met' : 'NOT met'}; ` +
    `render ≥ ${THRESHOLDS.minSpeed}× real time → ${verdict.speed ? 'met' : 'NOT met'}`);
  if (misses.length > 0) {
    console.log('\nmisses (requested → analysed):');
    for (const miss of misses) console.log(`  ${miss.mood} ${miss.bpm} BPM ${miss.key} → ${miss.analysedBpm} BPM ${miss.analysedKey}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
