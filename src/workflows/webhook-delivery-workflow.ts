import { ActivityFailure, ApplicationFailure, isCancellation, proxyActivities, TimeoutFailure } from '@temporalio/workflow';
import type { WebhookActivities } from '../activities';
import { webhookDeliveryInputSchema, type WebhookDeliveryInput, type WebhookDeliveryResult } from '../contracts/webhooks';
import type { WebhookDeliveryPolicy } from '../shared/webhook-delivery-policy';
import { parseInput } from '../shared/validation';
import { declareVersioningBehavior } from './versioning-behavior';

/** Listing the targets is one query: retried like any record write, within the same delivery window. */
const LIST_TIMEOUT = '1 minute';
/** Time for the activity's own work around the POST (a row read and written) beyond the receiver's answer. */
const ATTEMPT_OVERHEAD_MS = 5_000;

/**
 * Delivers one event to each of the customer's endpoints subscribed to it, each with its own retries:
 * backoff from the policy's initial interval, ×2, capped, until `deliveryWindowHours` after the start
 * (the activity's schedule-to-close timeout). Started by the job workflow as an abandoned child
 * (webhook-events.ts), so no receiver can fail or hold up the job. An endpoint that never takes the event
 * ends as `gave_up`; the workflow itself completes.
 */
export async function webhookDeliveryWorkflow(rawInput: WebhookDeliveryInput): Promise<WebhookDeliveryResult> {
  const { event, policy } = parseInput(webhookDeliveryInputSchema, rawInput, 'webhook delivery input');
  const activities = deliveryActivities(policy);
  const { endpointIds } = await activities.list.listWebhookTargets({ customerId: event.customerId, type: event.type });
  const endpoints = await Promise.all(
    endpointIds.map(async (endpointId) => {
      try {
        return await activities.deliver.deliverWebhookEvent({ endpointId, event, attemptTimeoutSeconds: policy.attemptTimeoutSeconds });
      } catch (error) {
        if (isCancellation(error)) throw error;
        return { endpointId, outcome: 'gave_up' as const, reason: reasonOf(error) };
      }
    }),
  );
  return { eventId: event.id, endpoints };
}

// Deliveries retry for up to 24 h: pinned, they would keep an old build alive that long.
declareVersioningBehavior('AUTO_UPGRADE', webhookDeliveryWorkflow);

function deliveryActivities(policy: WebhookDeliveryPolicy) {
  const retry = {
    initialInterval: policy.retryInitialIntervalSeconds * 1000,
    backoffCoefficient: 2,
    maximumInterval: policy.retryMaximumIntervalSeconds * 1000,
    // No maximumAttempts: unlimited, the delivery window (schedule-to-close) is the bound.
  };
  const scheduleToCloseTimeout = policy.deliveryWindowHours * 3_600_000;
  return {
    list: proxyActivities<WebhookActivities>({ summary: 'Finding the endpoints subscribed to the event', startToCloseTimeout: LIST_TIMEOUT, scheduleToCloseTimeout, retry }),
    deliver: proxyActivities<WebhookActivities>({
      summary: 'Delivering the event',
      startToCloseTimeout: policy.attemptTimeoutSeconds * 1000 + ATTEMPT_OVERHEAD_MS,
      scheduleToCloseTimeout,
      retry,
    }),
  };
}

function reasonOf(error: unknown): string {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof TimeoutFailure) return `the delivery window closed${cause.cause instanceof Error ? `; last attempt: ${cause.cause.message}` : ''}`;
  if (cause instanceof ApplicationFailure) return cause.message;
  return cause instanceof Error ? cause.message : String(cause);
}
