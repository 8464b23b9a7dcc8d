import type { WorkflowExecutionSummary } from '../client';
import type { Caller } from './api-key-store';

/**
 * Whether the caller may see a job, plan or dead letter owned by `ownerId`: an operator sees every customer's,
 * a customer only its own, and what has no recorded owner (made before owners were recorded) only operators.
 * Routes answer 404 for what the caller may not see, exactly as for what does not exist.
 */
export function canSee(caller: Caller, ownerId: string | null | undefined): boolean {
  return caller.scope === 'operator' || (typeof ownerId === 'string' && ownerId === caller.customerId);
}

/** The owner the API wrote into a workflow's memo when it started it. */
export function memoOwner(execution: WorkflowExecutionSummary | undefined): string | undefined {
  const owner = execution?.memo.customerId;
  return typeof owner === 'string' ? owner : undefined;
}
