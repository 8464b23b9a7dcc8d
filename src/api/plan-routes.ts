import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { z } from 'zod';
import { PlanStatus, type AutoDjPlan } from '../generated/prisma/client';
import { renderPlanChart, planChartTitle } from '../planner/energy-chart-svg';
import { EnergyCurve } from '../planner/energy-curve';
import type { EnergyMode, EventPreset } from '../planner/types';
import type { Caller } from './api-key-store';
import type { ApiDependencies } from './dependencies';
import { AUTODJ_LIMITS, type CatalogPool } from '../contracts/autodj-planning';
import { catalogPoolProblem, countCatalogPool } from '../db/catalog-scope';
import { HttpError, invalidInput, notFound } from './http-error';
import { createdAtWindow, listQuerySchema, pageOf, parseListQuery } from './list-query';
import { liveProgress } from './live-progress';
import { canSee, memoOwner } from './ownership';
import { planDigest, planInputFrom, planRequestBody } from './plan-request';
import { idempotencyHeadersSchema, idempotencyKeyOf } from './request-parsing';
import { resourceIdFor } from './resource-ids';
import { EXAMPLE_ID } from './route-doc';
import { planAcceptedSchema, planListSchema, planViewSchema, svgSchema, type planSummarySchema } from './response-schemas';
import type { ApiResponse, AuthenticatedRequest, Route } from './router';

const planParams = z.strictObject({ planId: z.uuid() });
const planLocation = { Location: 'Where the plan is shown' };

const planListQuery = listQuerySchema(Object.values(PlanStatus));

function planPath(planId: string): string {
  return `/v1/plans/${planId}`;
}

/** One plan in the list, from its row: the row records no step while planning runs, only the outcome. */
function planSummary(row: AutoDjPlan): z.output<typeof planSummarySchema> {
  const finished = row.status === 'completed' || row.status === 'failed' ? row.status : null;
  return {
    id: row.id,
    status: row.status,
    step: finished,
    progress: row.status === 'completed' ? 100 : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    links: { self: planPath(row.id) },
  };
}

export function planRoutes({ temporal, db, logger, queryTimeoutMs, idSecret, planningPolicy }: ApiDependencies): Route[] {
  /**
   * Live progress while the workflow runs; the AutoDjPlan row (with its ordered entries) once written.
   * Undefined when the plan does not exist or belongs to another customer.
   */
  async function currentView(planId: string, caller: Caller) {
    const [row, execution] = await Promise.all([
      db.autoDjPlan.findUnique({ where: { id: planId }, include: { entries: { orderBy: { position: 'asc' } } } }),
      temporal.describePlan(planId),
    ]);
    if (!row && !execution) return undefined;
    if (!canSee(caller, row?.customerId ?? memoOwner(execution))) return undefined;
    const progress = await liveProgress(execution, () => temporal.planProgress(planId, queryTimeoutMs), logger, { planId });
    const closedEarly = execution && execution.status !== 'RUNNING' && execution.status !== 'COMPLETED' && row?.status !== 'failed';
    return {
      planId,
      workflowId: execution?.workflowId ?? row?.workflowId,
      status: closedEarly ? 'failed' : (row?.status ?? 'planning'),
      workflowStatus: execution?.status ?? null,
      progress: progress ?? null,
      plan: row
        ? {
            targetDurationSeconds: row.targetDurationSeconds,
            totalDurationSeconds: row.totalDurationSeconds,
            energyMode: row.energyMode,
            eventPreset: row.eventPreset,
            seed: row.seed,
            quality: row.quality,
            skipped: row.skipped,
            error: row.error,
            entries: row.entries.map(({ id: _id, planId: _planId, ...entry }) => entry),
            createdAt: row.createdAt.toISOString(),
            updatedAt: row.updatedAt.toISOString(),
          }
        : null,
      links: { self: planPath(planId), chart: `${planPath(planId)}/chart.svg` },
    };
  }

  /** A catalog filter that draws nothing usable is the request's fault: 400 naming the field, before a plan starts. */
  async function checkCatalogPool(customerId: string, catalog: CatalogPool): Promise<void> {
    const size = await countCatalogPool(db, customerId, catalog);
    const problem = catalogPoolProblem(size, catalog, AUTODJ_LIMITS.maxCatalogPoolTracks);
    if (problem) throw invalidInput(`Invalid Auto DJ plan request: ${problem.field} ${problem.rule}`, [problem]);
  }

  async function submit(request: AuthenticatedRequest): Promise<ApiResponse> {
    const { customerId } = request.caller;
    const body = await request.readBody();
    const input = planInputFrom(body, customerId, resourceIdFor(idSecret, 'plan', customerId, idempotencyKeyOf(request.headers)), planningPolicy);
    if (input.pool.catalog) await checkCatalogPool(customerId, input.pool.catalog);
    const digest = planDigest(input);
    const location = { location: planPath(input.planId) };
    try {
      const { workflowId } = await temporal.startPlan(input, { requestDigest: digest, customerId });
      logger.info('plan started', { planId: input.planId, customerId, workflowId });
      return { status: 202, headers: location, body: { planId: input.planId, workflowId, status: 'planning', links: { self: planPath(input.planId) } } };
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    const execution = await temporal.describePlan(input.planId);
    if (!execution || execution.memo.requestDigest !== digest) {
      throw new HttpError(409, 'IdempotencyKeyReused', 'This Idempotency-Key was already used for a different request', { planId: input.planId, links: { self: planPath(input.planId) } }, location);
    }
    return { status: 200, headers: location, body: await currentView(input.planId, request.caller) };
  }

  /** The plan drawn: target and planned energy, each track's tempo and Camelot code (src/planner/energy-chart-svg.ts). */
  async function chart(request: AuthenticatedRequest): Promise<ApiResponse> {
    const planId = request.params.planId!;
    if (!planParams.safeParse(request.params).success) throw notFound(`No Auto DJ plan ${planId}`);
    const row = await db.autoDjPlan.findUnique({ where: { id: planId }, include: { entries: { orderBy: { position: 'asc' } } } });
    const execution = row ? undefined : await temporal.describePlan(planId);
    if ((!row && !execution) || !canSee(request.caller, row?.customerId ?? memoOwner(execution))) throw notFound(`No Auto DJ plan ${planId}`);
    if (row?.status !== 'completed' || row.totalDurationSeconds === null) {
      throw new HttpError(409, 'PlanNotReady', `Auto DJ plan ${planId} is ${row?.status ?? 'planning'}: there is nothing to draw yet`, { planId, links: { self: planPath(planId) } });
    }
    const curve = new EnergyCurve(row.energyMode as EnergyMode, row.eventPreset as EventPreset, row.targetDurationSeconds);
    // Titles live on the catalog rows; tracks described inline in the request have none stored and show their id.
    const tracks = await db.track.findMany({ where: { id: { in: row.entries.map((entry) => entry.trackId) } }, select: { id: true, title: true } });
    const titles = new Map(tracks.map((track) => [track.id, track.title]));
    const plan = { entries: row.entries.map((entry) => ({ ...entry, title: titles.get(entry.trackId) ?? null })), totalDurationSeconds: row.totalDurationSeconds };
    const title = planChartTitle(row.energyMode, row.eventPreset, row.totalDurationSeconds, row.entries.length);
    return { status: 200, contentType: 'image/svg+xml; charset=utf-8', body: renderPlanChart(plan, curve, title) };
  }

  /** The caller's own plans, newest first, a keyset page at a time (list-query.ts). */
  async function list(request: AuthenticatedRequest): Promise<ApiResponse> {
    const query = parseListQuery<PlanStatus>(planListQuery, request.query, idSecret, 'plans');
    const rows = await db.autoDjPlan.findMany({
      where: { customerId: request.caller.customerId, ...(query.status ? { status: query.status } : {}), ...createdAtWindow(query, 'id') },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: query.limit + 1,
    });
    return { status: 200, body: pageOf(rows, query, idSecret, 'plans', (row) => ({ createdAt: row.createdAt, id: row.id }), planSummary) };
  }

  async function show(request: AuthenticatedRequest): Promise<ApiResponse> {
    const planId = request.params.planId!;
    const view = planParams.safeParse(request.params).success ? await currentView(planId, request.caller) : undefined;
    if (!view) throw notFound(`No Auto DJ plan ${planId}`);
    return { status: 200, body: view };
  }

  return [
    {
      method: 'POST',
      path: '/v1/plans',
      access: 'customer',
      handler: submit,
      doc: {
        operationId: 'startPlan',
        summary: 'Plan an Auto DJ set from a pool of tracks',
        description:
          'Starts autoDjPlanningWorkflow; the server chooses the plan id. The pool is one of `trackIds` (catalog ids: your tracks or the shared catalog), ' +
          '`tracks` (described inline) or `catalog` (a filter over your own ready tracks: `trackIds`, `genre`, `bpmMin`, `bpmMax`, `energyMin`, `energyMax`, `tags` (all of them); ' +
          `up to ${AUTODJ_LIMITS.maxCatalogPoolTracks} matching tracks, resolved inside the plan's activities; 400 naming the field when it matches nothing).`,
        tag: 'plans',
        headers: idempotencyHeadersSchema,
        parameterExamples: { 'Idempotency-Key': 'friday-warmup-set' },
        body: {
          ...planRequestBody,
          example: {
            pool: {
              tracks: [
                { id: 'opener', durationSeconds: 240, bpm: 122, key: '8A', energy: 5 },
                { id: 'peak', durationSeconds: 300, bpm: 126, key: '9A', energy: 8 },
              ],
            },
            targetDurationSeconds: 480,
            energyMode: 'build',
          },
        },
        responses: {
          202: { description: 'Started; follow `links.self`', schema: planAcceptedSchema, headers: planLocation },
          200: { description: 'The same Idempotency-Key with the same request: the existing plan', schema: planViewSchema, headers: planLocation },
        },
        errors: ['IdempotencyKeyReused'],
      },
    },
    {
      method: 'GET',
      path: '/v1/plans',
      access: 'customer',
      handler: list,
      doc: {
        parameterExamples: { status: 'completed', createdAfter: '2026-01-01T00:00:00Z', createdBefore: '2030-01-01T00:00:00Z', limit: '20' },
        operationId: 'listPlans',
        summary: "The caller's Auto DJ plans, newest first",
        description:
          'One page of the plans of the key\'s customer, ordered by creation time then id, newest first; pass `nextCursor` as `cursor` for the next page. ' +
          'Items come from the plan rows: `step` and `progress` are null while a plan is being planned (`links.self` has live progress).',
        tag: 'plans',
        query: planListQuery,
        responses: { 200: { description: 'A page of plans', schema: planListSchema } },
        errors: [],
      },
    },
    {
      method: 'GET',
      path: '/v1/plans/:planId',
      access: 'customer',
      handler: show,
      doc: {
        operationId: 'getPlan',
        summary: 'An Auto DJ plan: live progress while planning, the ordered entries after',
        tag: 'plans',
        params: planParams,
        parameterExamples: { planId: EXAMPLE_ID },
        responses: { 200: { description: 'The plan', schema: planViewSchema } },
        errors: ['NotFound'],
      },
    },
    {
      method: 'GET',
      path: '/v1/plans/:planId/chart.svg',
      access: 'customer',
      handler: chart,
      doc: {
        operationId: 'getPlanChart',
        summary: "A completed plan drawn: target and planned energy, each track's tempo and Camelot code",
        tag: 'plans',
        params: planParams,
        parameterExamples: { planId: EXAMPLE_ID },
        responses: { 200: { description: 'The chart', schema: svgSchema, contentType: 'image/svg+xml' } },
        errors: ['NotFound', 'PlanNotReady'],
      },
    },
  ];
}
