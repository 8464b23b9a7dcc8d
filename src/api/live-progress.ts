import type winston from 'winston';
import type { WorkflowExecutionSummary } from '../client';

/**
 * A workflow's `progress` query while it runs. Undefined once it has ended, or when no worker answered in
 * time: the database row still tells the last recorded step, so the API answers from it.
 */
export async function liveProgress<Progress>(
  execution: WorkflowExecutionSummary | undefined,
  query: () => Promise<Progress>,
  logger: winston.Logger,
  context: Record<string, string>,
): Promise<Progress | undefined> {
  if (execution?.status !== 'RUNNING') return undefined;
  try {
    return await query();
  } catch (error) {
    logger.warn('progress query failed; answering from the database', { ...context, error });
    return undefined;
  }
}
