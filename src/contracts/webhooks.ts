import { z } from 'zod';
import { SAFE_ID_PATTERN, SAFE_ID_RULE } from '../shared/ids';
import { webhookDeliveryPolicySchema, type WebhookDeliveryPolicy } from '../shared/webhook-delivery-policy';

/**
 * The contract of webhookDeliveryWorkflow (version 1): the events a customer can subscribe to, the event
 * a job workflow announces, the delivery workflow's input and result, and its activities' shapes.
 * The HTTP side (headers, signature) is src/shared/webhook-signature.ts; the rules for receivers are
 * docs/webhooks.md.
 */

export const WEBHOOK_EVENT_TYPES = [
  'generation.completed',
  'generation.failed',
  'generation.cancelled',
  'generation.needs_attention',
  'plan.completed',
  'plan.failed',
  'track.ready',
  'track.failed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** What a job workflow knows when it announces an event; the delivery workflow adds nothing but attempts. */
export interface WebhookEvent {
  /** Stable across every retry and every endpoint: receivers dedupe on it (webhookEventId). */
  id: string;
  type: WebhookEventType;
  customerId: string;
  /** The job, plan or track the event is about. */
  subjectId: string;
  /** Workflow time of the event (ISO 8601); the same in every attempt's body. */
  createdAt: string;
  /** Small on purpose: ids, status, error type, links; never a prompt, transcript or URL the customer gave. */
  data: Record<string, unknown>;
}

export const webhookEventSchema = z.strictObject({
  id: z.string().min(1).max(300),
  type: z.enum(WEBHOOK_EVENT_TYPES),
  customerId: z.string().regex(SAFE_ID_PATTERN, SAFE_ID_RULE),
  subjectId: z.string().min(1).max(200),
  createdAt: z.iso.datetime({ offset: true }),
  data: z.record(z.string(), z.unknown()),
});

export const webhookDeliveryInputSchema = z.strictObject({
  event: webhookEventSchema,
  policy: webhookDeliveryPolicySchema.default(webhookDeliveryPolicySchema.parse({})),
});
export type WebhookDeliveryInput = z.input<typeof webhookDeliveryInputSchema>;

/**
 * The event id: one per type and subject (and per occurrence, for events that can happen more than once
 * in a job's life, such as each parking in needs_attention). Deterministic, so a replayed or reset workflow
 * announces the same id and Temporal starts its delivery workflow once.
 */
export function webhookEventId(type: WebhookEventType, subjectId: string, occurrence?: string): string {
  return [type, subjectId, ...(occurrence ? [occurrence] : [])].join(':');
}

export function webhookDeliveryWorkflowId(eventId: string): string {
  return `webhook-${eventId}`;
}

/** The body every attempt sends, byte for byte the same each time (the signature covers it with the attempt's timestamp). */
export function webhookBody(event: WebhookEvent): string {
  return JSON.stringify({ id: event.id, type: event.type, createdAt: event.createdAt, data: event.data });
}

/** Associated data of an endpoint's sealed secret: it opens only on the row it was sealed for (API seals, activity opens). */
export function webhookSecretContext(endpointId: string): string {
  return `webhook-endpoint:${endpointId}`;
}

export interface WebhookTargets {
  endpointIds: string[];
}

export interface WebhookDeliveryRequest {
  endpointId: string;
  event: WebhookEvent;
  attemptTimeoutSeconds: number;
}

/** `skipped`: the endpoint was deleted before this attempt. */
export interface WebhookDeliveryOutcome {
  endpointId: string;
  outcome: 'delivered' | 'skipped';
  attempt: number;
  statusCode?: number;
}

export interface WebhookDeliveryResult {
  eventId: string;
  endpoints: (WebhookDeliveryOutcome | { endpointId: string; outcome: 'gave_up'; reason: string })[];
}

export type { WebhookDeliveryPolicy };
