/**
 * A compose request that can never succeed as written (unknown mood or instrument, a duration or
 * tempo out of bounds). The activity layer maps it to the non-retryable `InvalidInput` type.
 */
export class ComposerInputError extends Error {
  override readonly name = 'ComposerInputError';

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}
