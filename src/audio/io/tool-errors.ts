/**
 * Failures of the command-line audio tools (ffmpeg, ffprobe, fluidsynth) run as child processes.
 * `reason` tells the activity layer whether a retry can help: a missing tool or a missing
 * soundfont never fixes itself, a crash or a timeout on a busy machine might.
 */
export type AudioToolFailureReason = 'missing' | 'failed' | 'timeout';

export class AudioToolError extends Error {
  override readonly name = 'AudioToolError';
  readonly retryable: boolean;

  constructor(
    readonly tool: string,
    readonly reason: AudioToolFailureReason,
    message: string,
    readonly exitCode: number | null = null,
    readonly stderrTail = '',
  ) {
    super(`${tool}: ${message}`);
    this.retryable = reason !== 'missing';
  }
}
