import { z } from 'zod';

/**
 * How webhook deliveries of a job's events are retried: backoff from `retryInitialIntervalSeconds`, ×2,
 * capped at `retryMaximumIntervalSeconds`, for up to `deliveryWindowHours` after the event; each attempt
 * gives the receiver `attemptTimeoutSeconds` to answer. The API fills these from its configuration
 * (WEBHOOK_RETRY_INITIAL_SECONDS, WEBHOOK_RETRY_MAX_SECONDS, WEBHOOK_DELIVERY_HOURS,
 * WEBHOOK_ATTEMPT_TIMEOUT_SECONDS) into every job's policy, because workflow code reads no environment;
 * tests make them short. Defaults: from 10 s, ×2, capped at 1 h, for 24 h, 10 s per attempt.
 */
export const webhookDeliveryPolicySchema = z.strictObject({
  retryInitialIntervalSeconds: z.number().min(0.01).max(3600).default(10),
  retryMaximumIntervalSeconds: z.number().min(0.01).max(6 * 3600).default(3600),
  deliveryWindowHours: z.number().min(0.001).max(72).default(24),
  attemptTimeoutSeconds: z.number().min(0.1).max(30).default(10),
});
export type WebhookDeliveryPolicy = z.output<typeof webhookDeliveryPolicySchema>;

export const DEFAULT_WEBHOOK_DELIVERY_POLICY: WebhookDeliveryPolicy = webhookDeliveryPolicySchema.parse({});
