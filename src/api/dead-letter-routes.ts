import { ApplicationFailure } from '@temporalio/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { z } from 'zod';
import { DEAD_LETTER_NOT_OPEN, type DecisionOutcome } from '../contracts/music-generation';
import { DeadLetterStatus, type DeadLetter } from '../generated/prisma/client';
import { text } from '../shared/text-rules';
import { parseInput } from '../shared/validation';
import type { ApiDependencies } from './dependencies';
import { generationPath } from './generation-view';
import { HttpError, notFound } from './http-error';
import { canSee } from './ownership';
import { parseQuery, parseRequest } from './request-parsing';
import { EXAMPLE_ID } from './route-doc';
import { deadLetterListSchema, decisionAcceptedSchema, deadLetterViewSchema } from './response-schemas';
import type { ApiResponse, AuthenticatedRequest, Route } from './router';

const listQuerySchema = z.strictObject({
  status: z.enum(Object.values(DeadLetterStatus), { message: `must be one of: ${Object.values(DeadLetterStatus).join(', ')}` }).optional(),
  limit: z.coerce.number().int('must be an integer').min(1).max(500).default(100),
});

/** Operators say why they retried or aborted a job; the reason lands in the API log beside the decision. */
const decisionSchema = z.strictObject({ reason: text(500, { multiline: true }).trim().min(1, 'must not be empty') });

type Decision = 'retry' | 'abort';

const deadLetterParams = z.strictObject({ id: z.uuid() });

function deadLetterPath(id: string): string {
  return `/v1/dead-letters/${id}`;
}

function deadLetterView(row: DeadLetter): z.output<typeof deadLetterViewSchema> {
  return {
    id: row.id,
    jobId: row.jobId,
    workflowId: row.workflowId,
    customerId: row.customerId,
    step: row.step,
    errorType: row.errorType,
    errorMessage: row.errorMessage,
    attempts: row.attempts,
    status: row.status,
    resolution: row.resolution,
    createdAt: row.createdAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    links: {
      job: generationPath(row.jobId),
      ...(row.status === 'open' ? { retry: `${deadLetterPath(row.id)}/retry`, abort: `${deadLetterPath(row.id)}/abort` } : {}),
    },
  };
}

function notOpen(id: string, message: string, status: string): HttpError {
  return new HttpError(409, 'DeadLetterNotOpen', message, { deadLetterId: id, status });
}

export function deadLetterRoutes({ temporal, db, logger }: ApiDependencies): Route[] {
  /** A customer's key lists its own dead letters; an operator's lists every customer's. */
  async function list(request: AuthenticatedRequest): Promise<ApiResponse> {
    const query = parseQuery(listQuerySchema, request.query, 'dead-letter query');
    const { caller } = request;
    const rows = await db.deadLetter.findMany({
      where: { ...(query.status ? { status: query.status } : {}), ...(caller.scope === 'operator' ? {} : { customerId: caller.customerId }) },
      orderBy: { createdAt: 'desc' },
      take: query.limit,
    });
    return { status: 200, body: { deadLetters: rows.map(deadLetterView) } };
  }

  /** The dead letter if it exists and the caller may see it (another customer's is missing, like an unknown one). */
  async function visibleDeadLetter(request: AuthenticatedRequest): Promise<DeadLetter> {
    const id = request.params.id!;
    const row = z.uuid().safeParse(id).success ? await db.deadLetter.findUnique({ where: { id } }) : null;
    if (!row || !canSee(request.caller, row.customerId)) throw notFound(`No dead letter ${id}`);
    return row;
  }

  async function show(request: AuthenticatedRequest): Promise<ApiResponse> {
    return { status: 200, body: deadLetterView(await visibleDeadLetter(request)) };
  }

  /** The workflow's `decide` Update decides: its validator refuses unless the job waits on this very dead letter. */
  async function sendDecision(row: DeadLetter, action: Decision, reason: string): Promise<DecisionOutcome> {
    try {
      return await temporal.decideGeneration(row.workflowId, { deadLetterId: row.id, action, reason });
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw notFound(`The job behind dead letter ${row.id} no longer runs`);
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === DEAD_LETTER_NOT_OPEN) {
        throw notOpen(row.id, error.cause.message, row.status);
      }
      throw error;
    }
  }

  function decide(action: Decision) {
    return async (request: AuthenticatedRequest): Promise<ApiResponse> => {
      const id = request.params.id!;
      const body = await request.readBody();
      const { reason } = parseRequest(() => parseInput(decisionSchema, body ?? {}, 'operator decision'));
      const row = await visibleDeadLetter(request);
      if (row.status !== 'open') throw notOpen(id, `Dead letter ${id} is already ${row.status}`, row.status);
      const outcome = await sendDecision(row, action, reason);
      logger.info('operator decision on a dead letter', { deadLetterId: id, jobId: row.jobId, decision: action, reason });
      return {
        status: 202,
        body: { deadLetterId: id, jobId: outcome.jobId, decision: outcome.action, reason: outcome.reason, links: { job: generationPath(row.jobId) } },
      };
    };
  }

  return [
    {
      method: 'GET',
      path: '/v1/dead-letters',
      access: 'customer',
      handler: list,
      doc: {
        operationId: 'listDeadLetters',
        summary: "Dead letters, newest first (a customer key sees its own, an operator key every customer's)",
        tag: 'dead letters',
        query: listQuerySchema,
        parameterExamples: { status: 'open', limit: '20' },
        responses: { 200: { description: 'The dead letters', schema: deadLetterListSchema } },
        errors: [],
      },
    },
    {
      method: 'GET',
      path: '/v1/dead-letters/:id',
      access: 'customer',
      handler: show,
      doc: {
        operationId: 'getDeadLetter',
        summary: 'One dead letter',
        tag: 'dead letters',
        params: deadLetterParams,
        parameterExamples: { id: EXAMPLE_ID },
        responses: { 200: { description: 'The dead letter', schema: deadLetterViewSchema } },
        errors: ['NotFound'],
      },
    },
    ...(['retry', 'abort'] as const).map(
      (action): Route => ({
        method: 'POST',
        path: `/v1/dead-letters/:id/${action}`,
        access: 'operator',
        handler: decide(action),
        doc: {
          operationId: `${action}DeadLetter`,
          summary: action === 'retry' ? 'Run the failed step of a parked job again' : 'Fail a parked job (type Aborted)',
          description: "The parked workflow's `decide` Update: refused (409) unless the dead letter is open and its job waits on it.",
          tag: 'dead letters',
          params: deadLetterParams,
          parameterExamples: { id: EXAMPLE_ID },
          body: { schema: decisionSchema, example: { reason: action === 'retry' ? 'Mureka is back up' : 'The customer cancelled the order' } },
          responses: { 202: { description: 'Decision taken; follow `links.job`', schema: decisionAcceptedSchema } },
          errors: ['NotFound', 'DeadLetterNotOpen'],
        },
      }),
    ),
  ];
}
