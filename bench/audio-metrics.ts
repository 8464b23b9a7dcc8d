import { readFileSync } from 'node:fs';
import { parseKeyName, type MusicalKey } from '../src/music/keys';

/** Within 2% of the labelled tempo. */
export function tempoCorrect(estimate: number, truth: number): boolean {
  return Math.abs(estimate / truth - 1) <= 0.02;
}

/** Within 2% of half, double, a third, triple, two thirds or three halves of the labelled tempo. */
export function tempoOctaveError(estimate: number, truth: number): boolean {
  return !tempoCorrect(estimate, truth) && [0.5, 2, 1 / 3, 3, 2 / 3, 1.5].some((ratio) => tempoCorrect(estimate, truth * ratio));
}

/** MIREX key score: 1 exact, 0.5 a fifth away (same mode), 0.3 relative, 0.2 parallel, else 0. */
export function mirexKeyScore(estimate: MusicalKey | undefined, truth: MusicalKey): number {
  if (!estimate) return 0;
  if (estimate.tonic === truth.tonic && estimate.mode === truth.mode) return 1;
  if (estimate.mode === truth.mode) {
    const interval = (estimate.tonic - truth.tonic + 12) % 12;
    if (interval === 7 || interval === 5) return 0.5;
  }
  if (estimate.mode !== truth.mode) {
    const relative = truth.mode === 'major' ? (truth.tonic + 9) % 12 : (truth.tonic + 3) % 12;
    if (estimate.tonic === relative) return 0.3;
    if (estimate.tonic === truth.tonic) return 0.2;
  }
  return 0;
}

export function keyOf(name: string | undefined): MusicalKey | undefined {
  return name === undefined ? undefined : parseKeyName(name);
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** CPU seconds of this process (all threads) plus its reaped children (ffmpeg), from /proc. */
export function cpuSeconds(): number {
  const usage = process.cpuUsage();
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  // After "pid (comm) ", cutime and cstime are fields 14 and 15 (0-based from the state field), in clock ticks.
  const childTicks = Number(fields[13]) + Number(fields[14]);
  return (usage.user + usage.system) / 1e6 + childTicks / 100;
}

/** Peak resident memory of this process so far, MiB (VmHWM). */
export function peakRssMiB(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Math.round(Number(match[1]) / 1024) : Number.NaN;
}
