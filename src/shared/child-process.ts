import { spawn } from 'node:child_process';
import { getPriority, setPriority } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { currentChildNiceness } from './process-priority';

export interface ChildProcessOptions {
  /** Written (or piped) to the child's stdin, which is then closed; without it the child reads an empty stdin. */
  stdin?: Uint8Array | Readable;
  /** The child's stdout is piped here instead of being kept (no `maxStdoutBytes` limit then). */
  stdoutTo?: Writable;
  /** The child is killed after this long. */
  timeoutMs: number;
  /** Aborting kills the child, so no process outlives the work that started it. */
  signal?: AbortSignal;
  /** The child is killed once its stdout passes this many bytes: memory stays bounded whatever it prints. */
  maxStdoutBytes: number;
  /** Set in the child's environment, over this process's own. */
  env?: Readonly<Record<string, string>>;
}

export interface ChildProcessResult {
  /** null when the child was killed. */
  exitCode: number | null;
  /** At most `maxStdoutBytes`. */
  stdout: Buffer;
  /** The first 16 Ki and the last 64 Ki characters: ffmpeg describes its input first and complains last. */
  stderr: string;
  timedOut: boolean;
  aborted: boolean;
  stdoutLimitExceeded: boolean;
}

const STDERR_HEAD_CHARS = 16 * 1024;
const STDERR_TAIL_CHARS = 64 * 1024;

/**
 * Runs a program without a shell (arguments are never parsed, so a URL cannot inject options or
 * commands) with bounded time and output, and resolves however it ends. Rejects only when the
 * program cannot be started, with the spawn error and its errno `code` (ENOENT: not installed).
 */
export function runChildProcess(command: string, args: readonly string[], options: ChildProcessOptions): Promise<ChildProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...(options.env ? { env: { ...process.env, ...options.env } } : {}) });
    lowerPriority(child.pid);
    const stdoutChunks: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrHead = '';
    let stderrTail = '';
    let stderrCut = false;
    let timedOut = false;
    let aborted = false;
    let stdoutLimitExceeded = false;

    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    const abort = (): void => {
      aborted = true;
      child.kill('SIGKILL');
    };
    if (options.signal?.aborted) abort();
    else options.signal?.addEventListener('abort', abort, { once: true });
    const finish = (): void => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', abort);
    };

    const keepStdout = (chunk: Buffer): void => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > options.maxStdoutBytes) {
        stdoutLimitExceeded = true;
        child.kill('SIGKILL');
        return;
      }
      stdoutChunks.push(chunk);
    };
    if (options.stdoutTo) child.stdout.pipe(options.stdoutTo);
    else child.stdout.on('data', keepStdout);
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      const headRoom = STDERR_HEAD_CHARS - stderrHead.length;
      stderrHead += text.slice(0, headRoom);
      const tail = stderrTail + text.slice(headRoom);
      stderrCut ||= tail.length > STDERR_TAIL_CHARS;
      stderrTail = tail.slice(-STDERR_TAIL_CHARS);
    });
    child.stdin.on('error', () => {
      // The child may exit before reading all of stdin (e.g. it rejected the input); its exit code reports why.
    });
    child.on('error', (error) => {
      // After a successful spawn an error only means a failed kill; 'close' still reports the end.
      if (child.pid !== undefined) return;
      finish();
      reject(error);
    });
    child.on('close', (exitCode) => {
      finish();
      resolve({
        exitCode,
        stdout: Buffer.concat(stdoutChunks),
        stderr: stderrCut ? `${stderrHead}\n[…]\n${stderrTail}` : stderrHead + stderrTail,
        timedOut,
        aborted,
        stdoutLimitExceeded,
      });
    });

    // Duck-typed: under jest a Buffer may come from another realm than this module's Uint8Array.
    const stdin = options.stdin;
    if (stdin && 'pipe' in stdin) stdin.pipe(child.stdin);
    else child.stdin.end(stdin);
  });
}

/** Set as soon as the spawn returns, while the program starts up (threads it starts later inherit it); relative to this process's. */
function lowerPriority(pid: number | undefined): void {
  const niceness = currentChildNiceness();
  if (pid === undefined || niceness === 0) return;
  try {
    setPriority(pid, Math.min(19, getPriority() + niceness));
  } catch {
    // The process may already have exited; its priority no longer matters.
  }
}
