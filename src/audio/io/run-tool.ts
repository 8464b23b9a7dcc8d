import { runChildProcess } from '../../shared/child-process';
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
/** Only the end of stderr is kept: tools print their real complaint last. */
const STDERR_KEEP_CHARS = 4000;
const MAX_STDOUT_BYTES = 1_000_000;

/** Runs a command-line tool without a shell and resolves with its output when it exits with 0. */
export async function runTool(command: string, args: readonly string[], options: RunToolOptions = {}): Promise<ToolRun> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const result = await runChildProcess(command, args, { timeoutMs, maxStdoutBytes: MAX_STDOUT_BYTES }).catch((error: unknown) => {
    throw (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? new AudioToolError(command, 'missing', `not found on PATH (install the Debian package that provides ${command})`)
      : new AudioToolError(command, 'failed', (error as Error).message);
  });
  const { exitCode } = result;
  const stderr = result.stderr.slice(-STDERR_KEEP_CHARS);
  if (result.timedOut) throw new AudioToolError(command, 'timeout', `killed after ${timeoutMs} ms`, exitCode, stderr);
  if (result.stdoutLimitExceeded) throw new AudioToolError(command, 'failed', `printed more than ${MAX_STDOUT_BYTES} bytes`, exitCode, stderr);
  if (exitCode !== 0) {
    const lastLine = stderr.trim().split('\n').pop() ?? '';
    throw new AudioToolError(command, 'failed', `exited with code ${exitCode}: ${lastLine}`, exitCode, stderr);
  }
  return { stdout: result.stdout.toString('utf8'), stderr };
}
