/**
 * How a generation's tasks are ordered on Temporal's task queue (docs/generation.md, "Scheduling: fairness
 * and first come first served"). Pure: the workflow builds each activity's `priority` from it and the client
 * the workflow start's.
 */
import { fnv1a32 } from './seeded-random';

/** Temporal refuses fairness keys longer than this (bytes; our customer ids are ASCII). */
export const FAIRNESS_KEY_MAX_LENGTH = 64;

/** What Temporal's `Priority` needs from us; 1 is dispatched first, 3 is the server's default. */
export interface GenerationTaskPriority {
  priorityKey: number;
  fairnessKey: string;
}

/**
 * Temporal dispatches a lower priority key first, and shares tasks fairly between fairness keys only
 * within one priority level. So every job waits for its first long activity (the queue's backlog builds there) at the
 * server's default level, where customers take turns, and once that is done the rest of the job goes ahead
 * of the jobs still waiting: jobs that started earlier finish earlier, and no customer's new job waits
 * behind another customer's whole backlog.
 */
const PRIORITY_KEY = { waiting: 3, underway: 2, finishing: 1 } as const;

/** Steps whose only task is recording how the job ended or parked. */
const FINISHING_STEPS: ReadonlySet<string> = new Set(['completed', 'failed', 'needs_attention']);

/**
 * The customer id as a fairness key: as it is when it fits, otherwise its first characters and a hash of
 * the whole id, so two long ids with the same beginning still get their own share.
 */
export function generationFairnessKey(customerId: string): string {
  if (customerId.length === 0) throw new Error('customerId: must not be empty to serve as a fairness key');
  if (customerId.length <= FAIRNESS_KEY_MAX_LENGTH) return customerId;
  const hash = fnv1a32(customerId).toString(16).padStart(8, '0');
  return `${customerId.slice(0, FAIRNESS_KEY_MAX_LENGTH - hash.length - 1)}~${hash}`;
}

/**
 * The priority of an activity a job runs while at `step`; `underway` once one of its long activities
 * (scene analysis, reference extraction or identification, music generation) has finished.
 */
export function generationTaskPriority(customerId: string, step: string, underway: boolean): GenerationTaskPriority {
  const stage = FINISHING_STEPS.has(step) ? 'finishing' : underway ? 'underway' : 'waiting';
  return { priorityKey: PRIORITY_KEY[stage], fairnessKey: generationFairnessKey(customerId) };
}
