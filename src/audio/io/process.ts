import { type ChildProcessOptions, type ChildProcessResult, runChildProcess } from '../../shared/child-process';
import { AudioInputError } from './errors';

/**
 * Runs ffmpeg or ffprobe on an audio input. A run that does not end on its own (timeout, stdout
 * beyond `maxStdoutBytes`, which is a bug in the caller's arguments) or cannot start is an AudioInputError.
 */
export async function runProcess(command: string, args: readonly string[], options: ChildProcessOptions): Promise<ChildProcessResult> {
  const result = await runChildProcess(command, args, options).catch((error: unknown) => {
    throw (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? new AudioInputError('DECODER_UNAVAILABLE', `${command} is not installed`)
      : new AudioInputError('DECODE_FAILED', `${command} failed to start: ${(error as Error).message}`);
  });
  if (result.timedOut) throw new AudioInputError('TIMEOUT', `${command} did not finish within ${options.timeoutMs} ms`);
  if (result.stdoutLimitExceeded) throw new AudioInputError('DECODE_FAILED', `${command} produced more than ${options.maxStdoutBytes} bytes`);
  return result;
}
