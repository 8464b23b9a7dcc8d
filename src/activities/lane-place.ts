import type { Database } from '../db/client';
import type { LanePlace } from '../shared/ordered-lane';

/** What the job's row tells of its place (the row may be missing: a job started before its first record ran). */
type JobRow = { createdAt: Date; customerId: string } | null;

/**
 * A generation job's place in the worker's audio lane (src/shared/ordered-lane.ts): its customer's turn, and within
 * the customer, when its workflow started as the workflow passes it; for jobs started before it did, when the job's
 * row was made; now when there is neither.
 */
export function lanePlace(job: { jobId: string; customerId?: string; acceptedAtMs?: number }, row: JobRow): LanePlace {
  return { owner: job.customerId ?? row?.customerId ?? job.jobId, orderKey: job.acceptedAtMs ?? row?.createdAt.getTime() ?? Date.now() };
}

export async function jobLanePlace(db: Database, job: { jobId: string; customerId: string; acceptedAtMs?: number }): Promise<LanePlace> {
  if (job.acceptedAtMs !== undefined) return lanePlace(job, null);
  return lanePlace(job, await db.generationJob.findUnique({ where: { jobId: job.jobId }, select: { createdAt: true, customerId: true } }));
}
