import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { decodeAudio } from '../src/audio/io/decode';
import { benchVenvPython } from './bench-venv';

/**
 * The tools we compare with, each on the same files. essentia.js is AGPL-3.0: it is loaded here
 * in the benchmark only, never from src/. aubio and bpm-tools are Debian command-line tools;
 * librosa (PyPI, tempo only: it has no key estimator) runs in the venv scripts/install-bench-tools.sh makes.
 */
export interface BaselineResult {
  bpm?: number;
  key?: string;
  seconds: number;
  /** CPU time, where the tool reports it per file. */
  cpuSeconds?: number;
  peakMiB?: number;
}

interface EssentiaVector {
  delete?: () => void;
}
interface EssentiaApi {
  arrayToVector(values: Float32Array): EssentiaVector;
  RhythmExtractor2013(signal: EssentiaVector, maxTempo?: number, method?: string, minTempo?: number): { bpm: number };
  KeyExtractor(signal: EssentiaVector): { key: string; scale: string; strength: number };
}

let essentia: EssentiaApi | undefined;

/** Loads essentia.js once and removes the process-wide handlers its loader installs (they abort the process). */
function loadEssentia(): EssentiaApi {
  if (essentia) return essentia;
  const before = { rejection: process.listeners('unhandledRejection'), exception: process.listeners('uncaughtException') };
  const module = require('essentia.js') as { Essentia: new (wasm: unknown) => EssentiaApi; EssentiaWASM: unknown };
  for (const listener of process.listeners('unhandledRejection')) if (!before.rejection.includes(listener)) process.removeListener('unhandledRejection', listener);
  for (const listener of process.listeners('uncaughtException')) if (!before.exception.includes(listener)) process.removeListener('uncaughtException', listener);
  essentia = new module.Essentia(module.EssentiaWASM);
  return essentia;
}

/** RhythmExtractor2013 (multifeature, 40-208 BPM) and KeyExtractor (defaults) on 44.1 kHz mono, decode included. */
export async function runEssentia(path: string): Promise<BaselineResult> {
  const api = loadEssentia();
  const started = performance.now();
  const decoded = await decodeAudio(path, { sampleRate: 44100, channels: 1 });
  const vector = api.arrayToVector(decoded.channels[0]!);
  const rhythm = api.RhythmExtractor2013(vector, 208, 'multifeature', 40);
  const key = api.KeyExtractor(vector);
  vector.delete?.();
  return { bpm: rhythm.bpm, key: `${key.key} ${key.scale}`, seconds: (performance.now() - started) / 1000 };
}

function timed(command: string, args: string[], input?: Buffer): { stdout: string; seconds: number; peakMiB: number } {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', command, ...args], { input, maxBuffer: 64 * 1024 * 1024 });
  const [elapsed, kilobytes] = (result.stderr.toString().trim().split('\n').pop() ?? '').split(' ');
  return { stdout: result.stdout.toString(), seconds: Number(elapsed), peakMiB: Math.round(Number(kilobytes) / 1024) };
}

/** `aubio tempo` (Debian's 0.4.9) prints the whole file's tempo as "<n> bpm". */
export function runAubio(path: string): BaselineResult {
  const run = timed('aubio', ['tempo', '-i', path]);
  const match = /([\d.]+) bpm/.exec(run.stdout);
  return { ...(match?.[1] ? { bpm: Number(match[1]) } : {}), seconds: run.seconds, peakMiB: run.peakMiB };
}

/** bpm-tools reads 44.1 kHz mono float from stdin; range widened to 50-200 BPM like ours. The decode is timed too. */
export function runBpmTools(path: string): BaselineResult {
  const started = performance.now();
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-ac', '1', '-ar', '44100', '-f', 'f32le', 'pipe:1'], { maxBuffer: 512 * 1024 * 1024 });
  const run = timed('bpm', ['-m', '50', '-x', '200'], raw);
  const bpm = Number(run.stdout.trim());
  return { ...(Number.isFinite(bpm) && bpm > 0 ? { bpm } : {}), seconds: (performance.now() - started) / 1000, peakMiB: run.peakMiB };
}

/**
 * librosa 0.11's `feature.tempo` (defaults) on `load(sr=22050, mono=True)`, decode timed per file, all files in one
 * Python process so its seconds-long import is paid once (bench/python/librosa_tempo.py). Results in `paths` order.
 */
export function runLibrosa(paths: readonly string[]): BaselineResult[] {
  const result = spawnSync(benchVenvPython('audio-bench-venv', 'AUDIO_BENCH_PYTHON'), [join(__dirname, 'python', 'librosa_tempo.py')], { input: paths.join('\n'), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`librosa failed (run scripts/install-bench-tools.sh): ${result.stderr || result.error?.message}`);
  const byPath = new Map(
    result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { path: string; bpm: number; seconds: number; cpuSeconds: number; peakMiB: number })
      .map((file) => [file.path, file]),
  );
  return paths.map((path) => {
    const file = byPath.get(path);
    if (!file) throw new Error(`librosa printed no tempo for ${path}`);
    return { ...(file.bpm > 0 ? { bpm: file.bpm } : {}), seconds: file.seconds, cpuSeconds: file.cpuSeconds, peakMiB: file.peakMiB };
  });
}
