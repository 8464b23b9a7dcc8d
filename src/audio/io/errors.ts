/**
 * Why an audio input cannot be used. Callers (the activities) map every code to the
 * `InvalidAudio` failure type; `retryable` says whether trying again could ever help.
 */
export type AudioInputErrorCode =
  | 'FILE_NOT_FOUND'
  | 'EMPTY_FILE'
  | 'NOT_AUDIO'
  | 'TRUNCATED'
  | 'TOO_SHORT'
  | 'SILENT'
  | 'DECODE_FAILED'
  | 'DECODER_UNAVAILABLE'
  | 'TIMEOUT';

/** Codes caused by the environment rather than the file: a later attempt may succeed. */
const retryableCodes: ReadonlySet<AudioInputErrorCode> = new Set<AudioInputErrorCode>(['DECODER_UNAVAILABLE', 'TIMEOUT']);

export class AudioInputError extends Error {
  override readonly name = 'AudioInputError';

  constructor(
    readonly code: AudioInputErrorCode,
    message: string,
  ) {
    super(message);
  }

  get retryable(): boolean {
    return retryableCodes.has(this.code);
  }
}
