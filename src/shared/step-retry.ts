import { z } from 'zod';

/**
 * How a workflow step's activity is retried: backoff from `retryInitialIntervalSeconds`, ×2, capped at
 * `retryMaximumIntervalSeconds`, at most `stepAttempts` attempts. The client fills these from its
 * configuration (STEP_RETRY_INITIAL_SECONDS, STEP_RETRY_MAX_SECONDS, STEP_ATTEMPTS); tests make them short.
 * Defaults: backoff from 5 s, ×2, capped at 300 s, 5 attempts.
 */
export const stepRetryFields = {
  retryInitialIntervalSeconds: z.number().min(0.01).max(60).default(5),
  retryMaximumIntervalSeconds: z.number().min(0.01).max(3600).default(300),
  stepAttempts: z.number().int().min(1).max(20).default(5),
};

export const stepRetrySchema = z.strictObject(stepRetryFields);
export type StepRetry = z.output<typeof stepRetrySchema>;
