import {
  CancellationScope,
  ChildWorkflowCancellationType,
  log,
  ParentClosePolicy,
  patched,
  proxyLocalActivities,
  startChild,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { WebhookActivities } from '../activities';
import { webhookDeliveryWorkflowId, webhookEventId, type WebhookEventType } from '../contracts/webhooks';
import type { WebhookDeliveryPolicy } from '../shared/webhook-delivery-policy';
import { webhookDeliveryWorkflow } from './webhook-delivery-workflow';

/** Jobs recorded before webhooks existed replay without the delivery workflow start. */
export const WEBHOOK_EVENTS_PATCH = 'webhook-events';

/**
 * Jobs before this patch started a delivery workflow for every event; since, only when the customer has an endpoint
 * subscribed to the event (most jobs have none: the child cost each of them a workflow, an activity task and a server
 * round trip before the job could close).
 */
export const WEBHOOK_TARGETS_PATCH = 'webhook-targets-checked';

/** One indexed read by the worker within the workflow task; a failed look starts the delivery workflow anyway. */
const targets = proxyLocalActivities<WebhookActivities>({ summary: 'Looking for webhook endpoints', startToCloseTimeout: '10 seconds', retry: { maximumAttempts: 3 } });

export interface AnnouncedEvent {
  type: WebhookEventType;
  customerId: string | undefined;
  subjectId: string;
  /** Distinguishes events of a type that can happen more than once for one subject (each parking). */
  occurrence?: string;
  data: Record<string, unknown>;
}

/**
 * Announces a job's terminal (or parked) state to the customer's webhooks: when the customer has an endpoint
 * subscribed to the event, starts webhookDeliveryWorkflow as a child with ParentClosePolicy ABANDON and waits only
 * for the start (milliseconds, one server round trip), never for a receiver, so a dead or slow endpoint cannot fail
 * or delay the job. The child's id comes from
 * the event id, so the event is delivered by one workflow however often this line is replayed or reached.
 * Works from a cancelled job too (the start is not cancellable). Nothing here can fail the job: a start that
 * fails is logged and the job goes on.
 */
export async function announceWebhookEvent(event: AnnouncedEvent, policy: WebhookDeliveryPolicy): Promise<void> {
  const { customerId } = event;
  if (customerId === undefined || !patched(WEBHOOK_EVENTS_PATCH)) return;
  const id = webhookEventId(event.type, event.subjectId, event.occurrence);
  try {
    await CancellationScope.nonCancellable(async () => {
      if (patched(WEBHOOK_TARGETS_PATCH) && !(await hasSubscribedEndpoints(customerId, event.type))) return;
      await startChild(webhookDeliveryWorkflow, {
        workflowId: webhookDeliveryWorkflowId(id),
        args: [{ event: { id, type: event.type, customerId, subjectId: event.subjectId, createdAt: new Date().toISOString(), data: event.data }, policy }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        cancellationType: ChildWorkflowCancellationType.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        staticSummary: `${event.type} · ${event.subjectId}`,
      });
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return;
    log.warn('could not start the webhook delivery workflow; the job goes on', { eventId: id, error: error instanceof Error ? error.message : String(error) });
  }
}

async function hasSubscribedEndpoints(customerId: string, type: WebhookEventType): Promise<boolean> {
  try {
    const { endpointIds } = await targets.listWebhookTargets({ customerId, type });
    return endpointIds.length > 0;
  } catch (error) {
    log.warn('could not look for webhook endpoints; starting the delivery workflow, which looks again', { type, error: error instanceof Error ? error.message : String(error) });
    return true;
  }
}
