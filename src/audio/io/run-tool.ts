import { PassThrough } from 'node:stream';
import { runChildProcess, type ChildProcessOptions, type ChildProcessResult } from '../../shared/child-process';
import { AudioToolError } from './tool-errors';

export interface ToolRun {
  stdout: string;
  stderr: string;
}

export interface RunToolOptions {
  /** Kill the process after this long; a hung ffmpeg must not hang an activity forever. */
  timeoutMs?: number;
  /** Set in the tool's environment, over this process's own. */
  env?: Readonly<Record<string, string>>;
}

const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;
/** Only the end of stderr is kept: tools print their real complaint last. */
const STDERR_KEEP_CHARS = 4000;
const MAX_STDOUT_BYTES = 1_000_000;

export interface ToolCommand {
  command: string;
  args: readonly string[];
}

/** Runs a command-line tool without a shell and resolves with its output when it exits with 0. */
export async function runTool(command: string, args: readonly string[], options: RunToolOptions = {}): Promise<ToolRun> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return toolRun(command, await startTool(command, args, { timeoutMs, maxStdoutBytes: MAX_STDOUT_BYTES, env: options.env }), timeoutMs);
}

/**
 * Runs two tools side by side, the first one's stdout piped into the second one's stdin (e.g. ffmpeg filtering
 * into an encoder on the other core), and resolves with both outputs when both exit with 0. When both fail, the
 * failure of the one that ended first is thrown: the other one's is then only the broken pipe or the cut input.
 */
export async function runToolsPiped(first: ToolCommand, second: ToolCommand, options: RunToolOptions = {}): Promise<[ToolRun, ToolRun]> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const link = new PassThrough();
  const endings: ToolCommand[] = [];
  const run = (tool: ToolCommand, io: Pick<ChildProcessOptions, 'stdin' | 'stdoutTo'>): Promise<ToolRun> =>
    startTool(tool.command, tool.args, { timeoutMs, maxStdoutBytes: MAX_STDOUT_BYTES, ...io })
      .then((result) => toolRun(tool.command, result, timeoutMs))
      .finally(() => endings.push(tool));
  // A consumer that ends early must not leave the producer blocked on a full pipe: what is left drains away (unpiped
  // first, or the broken pipe's error would pause the link again).
  const consumed = run(second, { stdin: link }).finally(() => link.unpipe().resume());
  const produced = run(first, { stdoutTo: link });
  const outcomes = await Promise.allSettled([produced, consumed]);
  const failures = outcomes.flatMap((outcome, i) => (outcome.status === 'rejected' ? [{ tool: i === 0 ? first : second, reason: outcome.reason as unknown }] : []));
  if (failures.length > 0) throw failures.sort((a, b) => endings.indexOf(a.tool) - endings.indexOf(b.tool))[0]!.reason;
  return [await produced, await consumed];
}

function startTool(command: string, args: readonly string[], options: ChildProcessOptions): Promise<ChildProcessResult> {
  return runChildProcess(command, args, options).catch((error: unknown) => {
    throw (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? new AudioToolError(command, 'missing', `not found on PATH (install the Debian package that provides ${command})`)
      : new AudioToolError(command, 'failed', (error as Error).message);
  });
}

/** The tool's output when it exited with 0, else the AudioToolError that says how it ended. */
function toolRun(command: string, result: ChildProcessResult, timeoutMs: number): ToolRun {
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
