import { spawn } from 'node:child_process';
import { AudioInputError } from './errors';

export interface ProcessOptions {
  /** Bytes written to the child's stdin, then stdin is closed. */
  stdin?: Buffer | Uint8Array;
  /** The child is killed after this long and the call fails with TIMEOUT. */
  timeoutMs: number;
  /** Stdout beyond this many bytes is a bug in the caller's arguments: the child is killed. */
  maxStdoutBytes: number;
}

export interface ProcessResult {
  exitCode: number | null;
  stdout: Buffer;
  /** The first 16 KiB and the last 64 KiB of stderr: ffmpeg's input description and its summaries and error lines. */
  stderr: string;
}

const STDERR_HEAD_CHARS = 16 * 1024;
const STDERR_TAIL_CHARS = 64 * 1024;

/** Runs a command-line tool (ffmpeg, ffprobe) as a separate process with bounded time and output. */
export function runProcess(command: string, args: readonly string[], options: ProcessOptions): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const stdoutChunks: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrHead = '';
    let stderrTail = '';
    let failure: AudioInputError | undefined;

    const timer = setTimeout(() => {
      failure = new AudioInputError('TIMEOUT', `${command} did not finish within ${options.timeoutMs} ms`);
      child.kill('SIGKILL');
    }, options.timeoutMs);

    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > options.maxStdoutBytes) {
        failure ??= new AudioInputError('DECODE_FAILED', `${command} produced more than ${options.maxStdoutBytes} bytes`);
        child.kill('SIGKILL');
        return;
      }
      stdoutChunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (stderrHead.length < STDERR_HEAD_CHARS) stderrHead += text.slice(0, STDERR_HEAD_CHARS - stderrHead.length);
      stderrTail = (stderrTail + text).slice(-STDERR_TAIL_CHARS);
    });
    child.stdin.on('error', () => {
      // The child may exit before reading all of stdin (e.g. it rejected the input); its exit code reports why.
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === 'ENOENT'
          ? new AudioInputError('DECODER_UNAVAILABLE', `${command} is not installed`)
          : new AudioInputError('DECODE_FAILED', `${command} failed to start: ${error.message}`),
      );
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      if (failure) reject(failure);
      else resolve({ exitCode, stdout: Buffer.concat(stdoutChunks), stderr: `${stderrHead}\n${stderrTail}` });
    });

    if (options.stdin) child.stdin.end(options.stdin);
    else child.stdin.end();
  });
}
