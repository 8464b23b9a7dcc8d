import { WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { DeadLetterStatus, type DeadLetter } from '../generated/prisma/client';
import type { GenerationProgress } from '../shared/messages/generation';
import { text } from '../shared/text-rules';
import { parseInput } from '../shared/validation';
import type { ApiDependencies } from './dependencies';
import { generationPath } from './generation-view';
import { HttpError, notFound } from './http-error';
import { canSee } from './ownership';
import { parseRequest } from './request-parsing';
import type { ApiResponse, AuthenticatedRequest, Route } from './router';

const listQuerySchema = z.strictObject({
  status: z.enum(Object.values(DeadLetterStatus), { message: `must be one of: ${Object.values(DeadLetterStatus).join(', ')}` }).optional(),
  limit: z.coerce.number().int('must be an integer').min(1).max(500).default(100),
});

/** Operators say why they retried or aborted a job; the reason lands in the API log beside the decision. */
const decisionSchema = z.strictObject({ reason: text(500, { multiline: true }).trim().min(1, 'must not be empty') });

type Decision = 'retry' | 'abort';

function deadLetterPath(id: string): string {
  return `/v1/dead-letters/${id}`;
}

function deadLetterView(row: DeadLetter) {
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

export function deadLetterRoutes({ temporal, db, logger, queryTimeoutMs }: ApiDependencies): Route[] {
  /** A customer's key lists its own dead letters; an operator's lists every customer's. */
  async function list(request: AuthenticatedRequest): Promise<ApiResponse> {
    const query = parseRequest(() => parseInput(listQuerySchema, Object.fromEntries(request.query), 'dead-letter query'));
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
    return async (request: AuthenticatedRequest): Promise<ApiResponse> => {
      const id = request.params.id!;
      const body = await request.readBody();
      const { reason } = parseRequest(() => parseInput(decisionSchema, body ?? {}, 'operator decision'));
      const row = await visibleDeadLetter(request);
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
    { method: 'GET', path: '/v1/dead-letters', access: 'customer', handler: list },
    { method: 'GET', path: '/v1/dead-letters/:id', access: 'customer', handler: show },
    { method: 'POST', path: '/v1/dead-letters/:id/retry', access: 'operator', handler: decide('retry') },
    { method: 'POST', path: '/v1/dead-letters/:id/abort', access: 'operator', handler: decide('abort') },
  ];
}
