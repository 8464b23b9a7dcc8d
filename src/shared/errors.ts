import { ApplicationFailure } from '@temporalio/common';

/**
 * Failure types shared by providers, activities and workflows.
 * Workflows and retry policies match on these names, never on message text.
 */
export const ErrorType = {
  QuotaExceeded: 'QuotaExceeded',
  InvalidApiKey: 'InvalidApiKey',
  AuthenticationFailed: 'AuthenticationFailed',
  InsufficientCredits: 'InsufficientCredits',
  AccountSuspended: 'AccountSuspended',
  ContentPolicyViolation: 'ContentPolicyViolation',
  InvalidInput: 'InvalidInput',
  ReferenceUnavailable: 'ReferenceUnavailable',
  InvalidAudio: 'InvalidAudio',
  RateLimited: 'RateLimited',
  ProviderUnavailable: 'ProviderUnavailable',
  /** A remote task reached a final state other than success (Mureka failed/timeouted/cancelled). */
  ProviderTaskFailed: 'ProviderTaskFailed',
  /** The provider answered 2xx with a body we cannot use (bad JSON, schema mismatch, cut-off output). */
  ProviderResponseInvalid: 'ProviderResponseInvalid',
  StepExhausted: 'StepExhausted',
  Aborted: 'Aborted',
} as const;
export type ErrorType = (typeof ErrorType)[keyof typeof ErrorType];

/** Types that no retry can fix: the activity retry policies list them as non-retryable. */
export const nonRetryableErrorTypes: readonly ErrorType[] = [
  ErrorType.QuotaExceeded,
  ErrorType.InvalidApiKey,
  ErrorType.AuthenticationFailed,
  ErrorType.InsufficientCredits,
  ErrorType.AccountSuspended,
  ErrorType.ContentPolicyViolation,
  ErrorType.InvalidInput,
  ErrorType.ReferenceUnavailable,
  ErrorType.InvalidAudio,
];

/** A failure that must not be retried, e.g. bad input or a rejected API key. */
export function permanentFailure(type: ErrorType, message: string, details?: unknown): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true, details: details === undefined ? undefined : [details] });
}

/** A failure worth retrying; `nextRetryDelayMs` carries a provider's retry-after. */
export function transientFailure(type: ErrorType, message: string, nextRetryDelayMs?: number): ApplicationFailure {
  return ApplicationFailure.create({
    type,
    message,
    nonRetryable: false,
    nextRetryDelay: nextRetryDelayMs === undefined ? undefined : nextRetryDelayMs,
  });
}
