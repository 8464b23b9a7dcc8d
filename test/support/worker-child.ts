import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { WORKER_READY_LINE } from './worker-process';

const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..');
const ENTRY = path.join('test', 'support', 'worker-process.ts');
const READY_TIMEOUT_MS = 90_000;

export interface WorkerChild {
  readonly process: ChildProcess;
  /** Resolves with the signal or exit code once the process has gone. */
  readonly exited: Promise<NodeJS.Signals | number | null>;
  /** SIGKILL: no shutdown, no heartbeat, no completion sent; the server learns only from timeouts. */
  kill(): Promise<NodeJS.Signals | number | null>;
  /** SIGTERM with a graceful shutdown; for tear-down. */
  stop(): Promise<void>;
}

/**
 * Starts test/support/worker-process.ts as its own Node process (node itself, not an npx wrapper, so a
 * signal reaches the worker and not a parent shell) and waits until it polls `taskQueue`. `root`: the
 * checkout whose code it runs (a benchmark's baseline, bench/baseline-checkout.ts); this one by default.
 */
export async function startWorkerChild(
  taskQueue: string,
  env: NodeJS.ProcessEnv,
  { readyTimeoutMs = READY_TIMEOUT_MS, root = REPOSITORY_ROOT }: { readyTimeoutMs?: number; root?: string } = {},
): Promise<WorkerChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, ENTRY), taskQueue], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });

  const ready = new Promise<void>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`worker process not ready after ${readyTimeoutMs} ms: ${stderr}`)), readyTimeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (stdout.includes(WORKER_READY_LINE)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`worker process exited (${String(how)}) before it was ready: ${stderr}`));
    });
  });

  const signalAndWait = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  try {
    await ready;
  } catch (error) {
    await signalAndWait('SIGKILL');
    throw error;
  }
  return {
    process: child,
    exited,
    kill: () => signalAndWait('SIGKILL'),
    stop: async () => {
      await signalAndWait('SIGTERM');
    },
  };
}
