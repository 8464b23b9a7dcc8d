import { z } from 'zod';
import { pageFields } from './list-query';
import { WEBHOOK_EVENT_TYPES } from '../contracts/webhooks';
import { httpUrl } from '../shared/http-url';

/** Requests and answers of the webhook routes (src/api/webhook-routes.ts), documented in /openapi.json from these. */

export const MAX_WEBHOOKS_PER_CUSTOMER = 20;
const SECRET_RULE = 'must be 24-256 visible ASCII characters';

export const webhookRequestSchema = z.strictObject({
  url: httpUrl.describe('Where events are POSTed; must not resolve to a loopback, private, link-local or metadata address'),
  events: z
    .array(z.enum(WEBHOOK_EVENT_TYPES, { message: `must be one of: ${WEBHOOK_EVENT_TYPES.join(', ')}` }))
    .min(1, 'must name at least one event')
    .max(WEBHOOK_EVENT_TYPES.length)
    .refine((events) => new Set(events).size === events.length, 'must not name an event twice'),
  secret: z
    .string()
    .regex(/^[\x21-\x7e]{24,256}$/, SECRET_RULE)
    .optional()
    .describe('The signing secret; generated (whsec_…) when absent. Returned once, in this answer only'),
});

export const webhookParams = z.strictObject({ webhookId: z.uuid() });

export const deliveryListQuerySchema = z.strictObject(pageFields);

const timestamp = z.iso.datetime({ offset: true });
const eventTypes = z.array(z.enum(WEBHOOK_EVENT_TYPES));

export const webhookCreatedSchema = z.strictObject({
  id: z.uuid(),
  url: z.string(),
  events: eventTypes,
  createdAt: timestamp,
  /** The only time the secret is shown. */
  secret: z.string(),
});

export const webhookViewSchema = z.strictObject({
  id: z.uuid(),
  customerId: z.string(),
  url: z.string(),
  events: eventTypes,
  createdAt: timestamp,
  links: z.strictObject({ deliveries: z.string() }),
});

export const webhookListSchema = z.strictObject({ items: z.array(webhookViewSchema) });

export const webhookDeliverySchema = z.strictObject({
  id: z.uuid(),
  eventId: z.string(),
  type: z.string(),
  subjectId: z.string(),
  /** 1 for the first attempt of the event to this endpoint. */
  attempt: z.int().min(1),
  /** `delivered`: the receiver answered 2xx. */
  status: z.enum(['delivered', 'failed']),
  /** Null when no answer came (refused address, connection failure, timeout). */
  statusCode: z.int().nullable(),
  error: z.string().nullable(),
  durationMs: z.int().min(0),
  createdAt: timestamp,
  deliveredAt: timestamp.nullable(),
});

export const webhookDeliveryListSchema = z.strictObject({ items: z.array(webhookDeliverySchema), nextCursor: z.string().nullable() });
