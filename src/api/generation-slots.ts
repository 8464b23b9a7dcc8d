import { generationWorkflowId } from '../client';
import type { Database } from '../db/client';
import type { ValidGenerationInput } from '../contracts/music-generation';
import { HttpError } from './http-error';

/**
 * Generations that still occupy a customer's place: waiting, working, or parked for an operator, and not
 * asked to cancel (a cancelled job gives its place back at once, while it still cleans up).
 */
const UNFINISHED_STATUSES = ['queued', 'running', 'needs_attention'] as const;

/**
 * Writes the new job's row (status queued) unless the customer already has `max` unfinished generations,
 * which is a 429 naming the limit and the count. Submits of one customer are serialised by a
 * transaction-scoped advisory lock, so two at once cannot both take the last place. A job whose row exists
 * already (a repeated Idempotency-Key) takes no new place. Returns whether a row was written.
 */
export async function reserveGenerationSlot(db: Database, input: ValidGenerationInput, max: number): Promise<boolean> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`generation-slots:${input.customerId}`}::text, 0))`;
    if (await tx.generationJob.findUnique({ where: { jobId: input.jobId }, select: { jobId: true } })) return false;
    const unfinished = await tx.generationJob.count({ where: { customerId: input.customerId, status: { in: [...UNFINISHED_STATUSES] }, cancelRequestedAt: null } });
    if (unfinished >= max) {
      throw new HttpError(
        429,
        'TooManyRunningGenerations',
        `Customer ${input.customerId} has ${unfinished} unfinished generations (queued, running or needing attention); the limit is ${max}`,
        { limit: 'MAX_RUNNING_GENERATIONS_PER_CUSTOMER', maxRunningGenerations: max, runningGenerations: unfinished },
      );
    }
    await tx.generationJob.create({
      data: {
        jobId: input.jobId,
        workflowId: generationWorkflowId(input.jobId),
        customerId: input.customerId,
        prompt: input.prompt ?? null,
        mood: input.mood ?? null,
        instruments: input.instruments ?? [],
        requestedDuration: input.durationSeconds,
        referenceUrl: input.referenceUrl ?? null,
      },
    });
    return true;
  });
}

/** Gives the place back when the customer cancels the job; the workflow records `cancelled` once it has cleaned up. */
export async function releaseCancelledGenerationSlot(db: Database, jobId: string): Promise<void> {
  await db.generationJob.updateMany({ where: { jobId, cancelRequestedAt: null }, data: { cancelRequestedAt: new Date() } });
}

/** Gives the place back when the workflow could not be started; a row the workflow already wrote to is kept. */
export async function releaseGenerationSlot(db: Database, jobId: string): Promise<void> {
  await db.generationJob.deleteMany({ where: { jobId, status: 'queued', step: 'queued' } });
}
