import { randomUUID } from 'node:crypto';
import { loadKeyRing } from '../../src/codec/key-ring';
import { SecretBox } from '../../src/codec/secret-box';
import { loadConfig } from '../../src/config';
import { webhookEventId, webhookSecretContext, type WebhookDeliveryInput } from '../../src/contracts/webhooks';
import type { TestEnvironment } from './environment';
import { fastPolicy } from './generation';
import { startWebhookReceiver } from './webhook-receiver';

export interface WebhookHistoryCase {
  workflowType: 'webhookDeliveryWorkflow';
  args: [WebhookDeliveryInput];
  close(): Promise<void>;
}

/**
 * A delivery for a saved history: one endpoint on loopback that answers 503 once, then 204, so the history
 * holds a failed attempt, its retry and the success. The worker that records it must allow loopback webhooks.
 */
export async function startWebhookHistoryCase(env: TestEnvironment): Promise<WebhookHistoryCase> {
  const secret = `whsec_${randomUUID()}`;
  const receiver = await startWebhookReceiver(secret, (n) => (n === 1 ? 503 : 204));
  const customerId = `webhook-history-${randomUUID().slice(0, 8)}`;
  const endpointId = randomUUID();
  const secrets = new SecretBox(loadKeyRing(loadConfig().temporal.payloadEncryption));
  await env.db.customer.create({ data: { id: customerId, name: customerId } });
  await env.db.webhookEndpoint.create({
    data: { id: endpointId, customerId, url: receiver.url, events: ['plan.completed'], secretCiphertext: secrets.seal(secret, webhookSecretContext(endpointId)) },
  });
  const planId = randomUUID();
  const event = {
    id: webhookEventId('plan.completed', planId),
    type: 'plan.completed' as const,
    customerId,
    subjectId: planId,
    createdAt: '2030-01-01T00:00:00.000Z',
    data: { planId, status: 'completed', links: { self: `/v1/plans/${planId}` } },
  };
  return {
    workflowType: 'webhookDeliveryWorkflow',
    args: [{ event, policy: fastPolicy.webhookDelivery }],
    close: async () => {
      await receiver.close();
      await env.db.customer.delete({ where: { id: customerId } });
    },
  };
}
