import { WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { DeadLetterStatus, type DeadLetter } from '../generated/prisma/client';
import type { GenerationProgress } from '../shared/messages/generation';
import { parseInput } from '../shared/validation';
import type { ApiDependencies } from './dependencies';
import { generationPath } from './generation-view';
import { HttpError, notFound } from './http-error';
import { parseRequest } from './request-parsing';
import { deadLetterListSchema, decisionAcceptedSchema, deadLetterViewSchema } from './response-schemas';
import type { ApiRequest, ApiResponse, Route } from './router';

const listQuerySchema = z.strictObject({
  status: z.enum(Object.values(DeadLetterStatus), { message: `must be one of: ${Object.values(DeadLetterStatus).join(', ')}` }).optional(),
  limit: z.coerce.number().int('must be an integer').min(1).max(500).default(100),
});

/** Operators say why they retried or aborted a job; the reason lands in the API log beside the decision. */
const decisionSchema = z.strictObject({ reason: z.string().trim().min(1, 'must not be empty').max(500) });

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

export function deadLetterRoutes({ temporal, db, logger, queryTimeoutMs }: ApiDependencies): Route[] {
  async function list(request: ApiRequest): Promise<ApiResponse> {
    const query = parseRequest(() => parseInput(listQuerySchema, Object.fromEntries(request.query), 'dead-letter query'));
    const rows = await db.deadLetter.findMany({
      where: query.status ? { status: query.status } : {},
      orderBy: { createdAt: 'desc' },
      take: query.limit,
    });
    return { status: 200, body: { deadLetters: rows.map(deadLetterView) } };
  }

  /** The job must still be parked on this very dead letter: a signal sent at any other time is ignored. */
  async function parkedProgress(row: DeadLetter): Promise<GenerationProgress> {
    try {
      return await temporal.generationProgress(row.jobId, queryTimeoutMs);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw notOpen(row.id, 'The job behind this dead letter no longer exists', row.status);
      logger.warn('progress query failed before an operator decision', { deadLetterId: row.id, jobId: row.jobId, error });
      throw new HttpError(503, 'WorkflowUnavailable', 'No worker answered for this job; try again when the generation workers run');
    }
  }

  function decide(decision: Decision) {
    return async (request: ApiRequest): Promise<ApiResponse> => {
      const id = request.params.id!;
      const body = await request.readBody();
      const { reason } = parseRequest(() => parseInput(decisionSchema, body ?? {}, 'operator decision'));
      const row = deadLetterParams.safeParse(request.params).success ? await db.deadLetter.findUnique({ where: { id } }) : null;
      if (!row) throw notFound(`No dead letter ${id}`);
      if (row.status !== 'open') throw notOpen(id, `Dead letter ${id} is already ${row.status}`, row.status);
      const progress = await parkedProgress(row);
      if (progress.status !== 'needs_attention' || progress.deadLetterId !== id) {
        throw notOpen(id, `Job ${row.jobId} is not waiting on dead letter ${id} (it is ${progress.status})`, row.status);
      }
      const note = { reason };
      await (decision === 'retry' ? temporal.retryGeneration(row.workflowId, note) : temporal.abortGeneration(row.workflowId, note));
      logger.info('operator decision on a dead letter', { deadLetterId: id, jobId: row.jobId, decision, reason });
      return {
        status: 202,
        body: { deadLetterId: id, jobId: row.jobId, decision, reason, links: { job: generationPath(row.jobId) } },
      };
    };
  }

  return [
    {
      method: 'GET',
      path: '/v1/dead-letters',
      handler: list,
      doc: {
        operationId: 'listDeadLetters',
        summary: 'Dead letters, newest first',
        tag: 'dead letters',
        access: 'operator',
        query: listQuerySchema,
        responses: { 200: { description: 'The dead letters', schema: deadLetterListSchema } },
        errors: [],
      },
    },
    ...(['retry', 'abort'] as const).map(
      (decision): Route => ({
        method: 'POST',
        path: `/v1/dead-letters/:id/${decision}`,
        handler: decide(decision),
        doc: {
          operationId: `${decision}DeadLetter`,
          summary: decision === 'retry' ? 'Run the failed step of a parked job again' : 'Fail a parked job (type Aborted)',
          description: 'The dead letter must be open and its job parked on it; the workflow acts on the decision on its own time.',
          tag: 'dead letters',
          access: 'operator',
          params: deadLetterParams,
          body: { schema: decisionSchema, example: { reason: decision === 'retry' ? 'Mureka is back up' : 'The customer cancelled the order' } },
          responses: { 202: { description: 'Decision sent; follow `links.job`', schema: decisionAcceptedSchema } },
          errors: ['NotFound', 'DeadLetterNotOpen', 'WorkflowUnavailable'],
        },
      }),
    ),
  ];
}
