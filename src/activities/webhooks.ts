import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { webhookBody, webhookSecretContext, type WebhookDeliveryOutcome, type WebhookDeliveryRequest, type WebhookEventType, type WebhookTargets } from '../contracts/webhooks';
import { postWebhook } from '../providers/webhook-sender';
import { allowLoopbackAddress, forbiddenAddressRule } from '../providers/url-safety';
import { EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signatureHeaderValue } from '../shared/webhook-signature';
import type { ActivityDependencies } from './dependencies';

/** The failure type of an attempt the receiver did not take; retried until the delivery window closes. */
export const WEBHOOK_NOT_DELIVERED = 'WebhookNotDelivered';

/** What webhookDeliveryWorkflow calls: registered on every queue whose workflows announce events. */
export function createWebhookActivities({ db, webhookSecrets, allowLoopbackWebhooks }: ActivityDependencies) {
  const addressRule = allowLoopbackWebhooks ? allowLoopbackAddress : forbiddenAddressRule;
  return {
    /** The customer's live endpoints subscribed to the event, fixed when the event happens. */
    async listWebhookTargets({ customerId, type }: { customerId: string; type: WebhookEventType }): Promise<WebhookTargets> {
      const rows = await db.webhookEndpoint.findMany({
        where: { customerId, deletedAt: null, events: { has: type } },
        select: { id: true },
        orderBy: { createdAt: 'asc' },
      });
      return { endpointIds: rows.map((row) => row.id) };
    },

    /**
     * One signed POST of the event to one endpoint, recorded as a WebhookDelivery row whatever happens. A
     * receiver that does not answer 2xx fails the attempt (retryable: the workflow's retry policy brings the
     * next one); an endpoint deleted meanwhile, or one that already took the event, ends the delivery.
     */
    async deliverWebhookEvent({ endpointId, event, attemptTimeoutSeconds }: WebhookDeliveryRequest): Promise<WebhookDeliveryOutcome> {
      const attempt = Context.current().info.attempt;
      const endpoint = await db.webhookEndpoint.findUnique({ where: { id: endpointId } });
      if (!endpoint || endpoint.deletedAt !== null || endpoint.customerId !== event.customerId) return { endpointId, outcome: 'skipped', attempt };
      const taken = await db.webhookDelivery.findFirst({ where: { endpointId, eventId: event.id, deliveredAt: { not: null } } });
      if (taken) return { endpointId, outcome: 'delivered', attempt: taken.attempt, statusCode: taken.statusCode ?? undefined };

      const secret = webhookSecrets.open(endpoint.secretCiphertext, webhookSecretContext(endpoint.id));
      const body = webhookBody(event);
      // Signed at send time, not event time: a retry hours later still passes the receiver's 5-minute window.
      const timestamp = Math.floor(Date.now() / 1000);
      const result = await postWebhook({
        url: endpoint.url,
        body,
        headers: { [SIGNATURE_HEADER]: signatureHeaderValue(secret, timestamp, body), [EVENT_ID_HEADER]: event.id, [EVENT_TYPE_HEADER]: event.type },
        timeoutMs: attemptTimeoutSeconds * 1000,
        addressRule,
      });
      const row = {
        type: event.type,
        subjectId: event.subjectId,
        statusCode: result.statusCode ?? null,
        error: result.error ?? null,
        durationMs: result.durationMs,
        deliveredAt: result.delivered ? new Date() : null,
      };
      await db.webhookDelivery.upsert({
        where: { endpointId_eventId_attempt: { endpointId, eventId: event.id, attempt } },
        create: { endpointId, eventId: event.id, attempt, ...row },
        update: row,
      });
      if (!result.delivered) {
        throw ApplicationFailure.create({ type: WEBHOOK_NOT_DELIVERED, message: `attempt ${attempt} to endpoint ${endpointId}: ${result.error}`, nonRetryable: false });
      }
      return { endpointId, outcome: 'delivered', attempt, statusCode: result.statusCode };
    },
  };
}
