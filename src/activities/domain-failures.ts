import { ApplicationFailure } from '@temporalio/common';
import { AudioInputError } from '../audio/io/errors';
import { ComposerInputError } from '../audio/composer/composer-errors';
import { AudioToolError } from '../audio/io/tool-errors';
import { PlannerInputError } from '../planner/errors';
import { ErrorType, permanentFailure, transientFailure } from '../shared/errors';

/**
 * The plain modules (audio, planner) throw their own error classes; activities turn them into typed
 * Temporal failures here, in one place, so retry policies see a `type` and never a class name.
 */
export function asActivityFailure(error: unknown): unknown {
  if (error instanceof ApplicationFailure) return error;
  if (error instanceof AudioInputError) {
    return error.retryable
      ? transientFailure(ErrorType.ProviderUnavailable, error.message)
      : permanentFailure(ErrorType.InvalidAudio, error.message, { code: error.code });
  }
  if (error instanceof ComposerInputError) {
    return permanentFailure(ErrorType.InvalidInput, error.message, { problems: [{ field: error.field, rule: error.message }] });
  }
  if (error instanceof PlannerInputError) {
    // The message names the field, as the API's 400s do: a plan's stored error is this message.
    return permanentFailure(ErrorType.InvalidInput, `${error.field}: ${error.message}`, { problems: [{ field: error.field, rule: error.rule }] });
  }
  if (error instanceof AudioToolError) {
    return error.retryable
      ? transientFailure(ErrorType.ProviderUnavailable, error.message)
      : permanentFailure(ErrorType.ProviderUnavailable, error.message);
  }
  return error;
}

/** Runs `work` and rethrows its domain errors as typed failures. */
export async function withTypedFailures<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asActivityFailure(error);
  }
}
