import { spawn } from 'node:child_process';
import { AudioToolError } from './tool-errors';

export interface ToolRun {
  stdout: string;
  stderr: string;
}

export interface RunToolOptions {
  /** Kill the process after this long; a hung ffmpeg must not hang an activity forever. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;
/** Only the end of stderr is kept: tools print their real complaint last, and memory stays bounded. */
const STDERR_KEEP_CHARS = 4000;
const STDOUT_LIMIT_CHARS = 1_000_000;

/** Runs a command-line tool without a shell and resolves with its output when it exits with 0. */
export function runTool(command: string, args: readonly string[], options: RunToolOptions = {}): Promise<ToolRun> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);

    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < STDOUT_LIMIT_CHARS) stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_KEEP_CHARS);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === 'ENOENT') {
        reject(new AudioToolError(command, 'missing', `not found on PATH (install the Debian package that provides ${command})`));
      } else {
        reject(new AudioToolError(command, 'failed', error.message));
      }
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(new AudioToolError(command, 'timeout', `killed after ${timeoutMs} ms`, code, stderr));
      } else if (code !== 0) {
        const lastLine = stderr.trim().split('\n').pop() ?? '';
        reject(new AudioToolError(command, 'failed', `exited with code ${code}: ${lastLine}`, code, stderr));
      } else {
        resolve({ stdout, stderr });
      }
    });
  });
}
