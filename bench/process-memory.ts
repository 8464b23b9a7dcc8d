import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const RSS_SAMPLE_MS = 100;

/** Resident set size of a process from /proc, in MB (VmRSS now, or VmHWM: its peak so far). */
export function residentMb(pid: number | 'self', field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** Samples a process's RSS while `work` runs; resolves with the work's value and the highest sample. */
export async function sampledPeak<T>(pid: number | 'self', work: () => Promise<T>): Promise<{ value: T; peakMb: number }> {
  let peakMb = residentMb(pid);
  const timer = setInterval(() => {
    peakMb = Math.max(peakMb, residentMb(pid));
  }, RSS_SAMPLE_MS);
  try {
    return { value: await work(), peakMb };
  } finally {
    clearInterval(timer);
  }
}

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU ms a process has used, with its reaped children's (utime, stime, cutime, cstime from /proc/<pid>/stat):
 * for a worker, its own threads plus the fluidsynth and ffmpeg runs it waited for.
 */
export function processCpuMs(pid: number | 'self'): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After "state": ppid … utime is field 14 of the full line, i.e. index 11 here; cutime and cstime follow stime.
  const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** The process listening on a local TCP port (from `ss`), e.g. a Temporal server started elsewhere. */
export function listeningPid(port: number): number | undefined {
  const out = execFileSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' });
  const match = /pid=(\d+)/.exec(out);
  return match ? Number(match[1]) : undefined;
}
