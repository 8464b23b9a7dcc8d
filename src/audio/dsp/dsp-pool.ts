import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AudioAnalysis } from '../analysis/analysis';
import type { Landmark, LandmarkDensity } from '../fingerprint/fingerprint';
import type { LoudnessMeasurement } from '../io/loudness';

export type DspRequest =
  | { id: number; task: 'analyze'; signal: Float32Array; sampleRate: number; loudness: LoudnessMeasurement; durationSeconds: number }
  | { id: number; task: 'fingerprint'; signal: Float32Array; sampleRate: number; density: LandmarkDensity };

export type DspResponse = { id: number; ok: true; result: AudioAnalysis | Landmark[] } | { id: number; ok: false; message: string };

type Pending = { resolve: (value: AudioAnalysis | Landmark[]) => void; reject: (error: Error) => void };

/**
 * One long-lived worker thread (started on first use, unref'd so it never keeps the process
 * alive) runs the DSP: analysis of a track keeps a core busy for a fraction of a second, which
 * must not stall the activity worker's heartbeats. Requests queue in the worker.
 */
let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function startWorker(): Worker {
  const compiled = join(__dirname, 'dsp-worker.js');
  if (existsSync(compiled)) return new Worker(compiled);
  // Under tsx or ts-jest the sources are TypeScript: the worker registers tsx's require hook first.
  const source = JSON.stringify(join(__dirname, 'dsp-worker.ts'));
  return new Worker(`require('tsx/cjs/api').register(); require(${source});`, { eval: true });
}

function failAll(error: Error): void {
  for (const { reject } of pending.values()) reject(error);
  pending.clear();
  worker = undefined;
}

function getWorker(): Worker {
  if (worker) return worker;
  const started = startWorker();
  started.unref();
  started.on('message', (response: DspResponse) => {
    const waiting = pending.get(response.id);
    if (!waiting) return;
    pending.delete(response.id);
    if (response.ok) waiting.resolve(response.result);
    else waiting.reject(new Error(response.message));
  });
  started.on('error', failAll);
  started.on('exit', (code) => failAll(new Error(`audio DSP worker exited with code ${code}`)));
  worker = started;
  return started;
}

type DistributiveOmitId<R> = R extends DspRequest ? Omit<R, 'id'> : never;

function run<T extends AudioAnalysis | Landmark[]>(request: DistributiveOmitId<DspRequest>): Promise<T> {
  const id = nextId++;
  const target = getWorker();
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as Pending['resolve'], reject });
    // The signal is copied, not transferred: callers may still hold and reuse it.
    target.postMessage({ ...request, id });
  });
}

export function analyzeInWorker(signal: Float32Array, sampleRate: number, loudness: LoudnessMeasurement, durationSeconds: number): Promise<AudioAnalysis> {
  return run<AudioAnalysis>({ task: 'analyze', signal, sampleRate, loudness, durationSeconds });
}

export function fingerprintInWorker(signal: Float32Array, sampleRate: number, density: LandmarkDensity): Promise<Landmark[]> {
  return run<Landmark[]>({ task: 'fingerprint', signal, sampleRate, density });
}

/** Stops the worker (tests, graceful shutdown); the next request starts a new one. */
export async function closeDspWorker(): Promise<void> {
  const current = worker;
  worker = undefined;
  if (current) await current.terminate();
}
