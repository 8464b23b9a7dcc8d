import { randomBytes, randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { webhookSecretContext, type WebhookEventType } from '../contracts/webhooks';
import type { WebhookDelivery, WebhookEndpoint } from '../generated/prisma/client';
import { allowLoopbackAddress, assertSafeReferenceUrl, forbiddenAddressRule } from '../providers/url-safety';
import { ErrorType } from '../shared/errors';
import { parseInput } from '../shared/validation';
import type { ApiDependencies } from './dependencies';
import { HttpError, invalidInput, notFound } from './http-error';
import { EXAMPLE_ID } from './route-doc';
import { decodeCursor } from './list-cursor';
import { afterPosition, pageOf } from './list-query';
import { canSee } from './ownership';
import { parseQuery, parseRequest, requestObject } from './request-parsing';
import type { ApiResponse, AuthenticatedRequest, Route } from './router';
import {
  deliveryListQuerySchema,
  MAX_WEBHOOKS_PER_CUSTOMER,
  webhookCreatedSchema,
  webhookDeliveryListSchema,
  webhookListSchema,
  webhookParams,
  webhookRequestSchema,
} from './webhook-schemas';

function webhookPath(id: string): string {
  return `/v1/webhooks/${id}`;
}

function webhookView(row: WebhookEndpoint) {
  return {
    id: row.id,
    customerId: row.customerId,
    url: row.url,
    events: row.events as WebhookEventType[],
    createdAt: row.createdAt.toISOString(),
    links: { deliveries: `${webhookPath(row.id)}/deliveries` },
  };
}

function deliveryView(row: WebhookDelivery) {
  return {
    id: row.id,
    eventId: row.eventId,
    type: row.type,
    subjectId: row.subjectId,
    attempt: row.attempt,
    status: row.deliveredAt ? ('delivered' as const) : ('failed' as const),
    statusCode: row.statusCode,
    error: row.error,
    durationMs: row.durationMs,
    createdAt: row.createdAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
  };
}

/** `whsec_` and 32 random bytes: what a customer gets when it does not choose its own secret. */
function generatedSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export function webhookRoutes({ db, logger, webhookSecrets, allowLoopbackWebhooks, idSecret }: ApiDependencies): Route[] {
  const addressRule = allowLoopbackWebhooks ? allowLoopbackAddress : forbiddenAddressRule;

  /** The same address rules as reference URLs, now (and again at every delivery, with the address pinned). */
  async function checkAddress(url: string): Promise<void> {
    try {
      await assertSafeReferenceUrl(url, { field: 'url', addressRule });
    } catch (error) {
      if (!(error instanceof ApplicationFailure)) throw error;
      const rule = error.type === ErrorType.InvalidInput ? ((error.details?.[0] as { rule?: string } | undefined)?.rule ?? error.message) : `${error.message}; try again`;
      throw invalidInput(`Invalid webhook: url: ${rule}`, [{ field: 'url', rule }]);
    }
  }

  async function create(request: AuthenticatedRequest): Promise<ApiResponse> {
    const { customerId } = request.caller;
    const asked = requestObject(await request.readBody(), [], 'webhook');
    const { url, events, secret = generatedSecret() } = parseRequest(() => parseInput(webhookRequestSchema, asked, 'webhook'));
    await checkAddress(url);
    const live = await db.webhookEndpoint.count({ where: { customerId, deletedAt: null } });
    if (live >= MAX_WEBHOOKS_PER_CUSTOMER) {
      throw new HttpError(409, 'WebhookLimitReached', `A customer may have at most ${MAX_WEBHOOKS_PER_CUSTOMER} webhook endpoints; delete one first`, {
        limit: MAX_WEBHOOKS_PER_CUSTOMER,
      });
    }
    const id = randomUUID();
    const row = await db.webhookEndpoint.create({
      data: { id, customerId, url, events, secretCiphertext: webhookSecrets.seal(secret, webhookSecretContext(id)) },
    });
    logger.info('webhook endpoint registered', { webhookId: id, customerId, events });
    return {
      status: 201,
      headers: { location: webhookPath(id) },
      body: { id, url: row.url, events: row.events, createdAt: row.createdAt.toISOString(), secret },
    };
  }

  /** A customer's key lists its own endpoints; an operator's lists every customer's. */
  async function list(request: AuthenticatedRequest): Promise<ApiResponse> {
    const { caller } = request;
    const rows = await db.webhookEndpoint.findMany({
      where: { deletedAt: null, ...(caller.scope === 'operator' ? {} : { customerId: caller.customerId }) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
    return { status: 200, body: { items: rows.map(webhookView) } };
  }

  /** The live endpoint if the caller may see it: another customer's is missing, like an unknown or deleted one. */
  async function visibleEndpoint(request: AuthenticatedRequest): Promise<WebhookEndpoint> {
    const id = request.params.webhookId!;
    const row = webhookParams.safeParse(request.params).success ? await db.webhookEndpoint.findUnique({ where: { id } }) : null;
    if (!row || row.deletedAt !== null || !canSee(request.caller, row.customerId)) throw notFound(`No webhook ${id}`);
    return row;
  }

  /** Stops deliveries at their next attempt; the row and its delivery log stay (deletedAt). */
  async function remove(request: AuthenticatedRequest): Promise<ApiResponse> {
    const row = await visibleEndpoint(request);
    await db.webhookEndpoint.update({ where: { id: row.id }, data: { deletedAt: new Date() } });
    logger.info('webhook endpoint deleted', { webhookId: row.id, customerId: row.customerId });
    return { status: 204, body: undefined };
  }

  async function deliveries(request: AuthenticatedRequest): Promise<ApiResponse> {
    const query = parseQuery(deliveryListQuerySchema, request.query, 'delivery query');
    const endpoint = await visibleEndpoint(request);
    const after = query.cursor === undefined ? undefined : decodeCursor(idSecret, 'webhook-deliveries', query.cursor);
    const rows = await db.webhookDelivery.findMany({
      where: { endpointId: endpoint.id, ...afterPosition(after, 'id') },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: query.limit + 1,
    });
    return { status: 200, body: pageOf(rows, query, idSecret, 'webhook-deliveries', (row) => row, deliveryView) };
  }

  return [
    {
      method: 'POST',
      path: '/v1/webhooks',
      access: 'customer',
      handler: create,
      doc: {
        operationId: 'createWebhook',
        summary: 'Register an endpoint for signed event deliveries',
        description:
          'Events are POSTed as JSON with `InfinityMix-Event-Id` and `InfinityMix-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`; ' +
          'failed deliveries are retried with backoff for 24 hours (docs/webhooks.md). The URL must not resolve to a loopback, private, link-local or metadata address.',
        tag: 'webhooks',
        body: { schema: webhookRequestSchema, example: { url: 'https://hooks.example.com/infinitymix', events: ['generation.completed', 'generation.failed'] } },
        responses: { 201: { description: 'Registered; `secret` is shown this once', schema: webhookCreatedSchema, headers: { Location: 'Where the endpoint is' } } },
        errors: ['WebhookLimitReached'],
      },
    },
    {
      method: 'GET',
      path: '/v1/webhooks',
      access: 'customer',
      handler: list,
      doc: {
        operationId: 'listWebhooks',
        summary: "Webhook endpoints, newest first (a customer key sees its own, an operator key every customer's); secrets are never shown",
        tag: 'webhooks',
        responses: { 200: { description: 'The endpoints', schema: webhookListSchema } },
        errors: [],
      },
    },
    {
      method: 'DELETE',
      path: '/v1/webhooks/:webhookId',
      access: 'customer',
      handler: remove,
      doc: {
        parameterExamples: { webhookId: EXAMPLE_ID },
        operationId: 'deleteWebhook',
        summary: 'Delete an endpoint: deliveries to it stop at their next attempt',
        tag: 'webhooks',
        params: webhookParams,
        responses: { 204: { description: 'Deleted' } },
        errors: ['NotFound'],
      },
    },
    {
      method: 'GET',
      path: '/v1/webhooks/:webhookId/deliveries',
      access: 'customer',
      handler: deliveries,
      doc: {
        parameterExamples: { webhookId: EXAMPLE_ID, limit: '20' },
        operationId: 'listWebhookDeliveries',
        summary: 'Delivery attempts to an endpoint, newest first: status code, error and duration of each',
        tag: 'webhooks',
        params: webhookParams,
        query: deliveryListQuerySchema,
        responses: { 200: { description: 'One page of attempts', schema: webhookDeliveryListSchema } },
        errors: ['NotFound'],
      },
    },
  ];
}
