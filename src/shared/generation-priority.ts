/**
 * How a generation's tasks are ordered on Temporal's task queue (docs/generation.md, "Scheduling: fairness
 * and first come first served"). Pure: the workflow builds each activity's `priority` from it and the client
 * the workflow start's.
 */
import { fnv1a32 } from './seeded-random';

/** Temporal refuses fairness keys longer than this (bytes; our customer ids are ASCII). */
export const FAIRNESS_KEY_MAX_LENGTH = 64;

/** What Temporal's `Priority` needs from us; 1 is dispatched first, 5 (the server's default lowest) last. */
export interface GenerationTaskPriority {
  priorityKey: number;
  fairnessKey: string;
}

/**
 * A job further along goes first, so jobs that started earlier finish earlier instead of every job of a
 * burst advancing one step at a time. Steps a job may skip (analysing, the reference steps) share a level.
 */
const PRIORITY_BY_STEP = {
  queued: 5,
  analyzing: 4,
  extracting: 4,
  identifying: 4,
  generating: 3,
  uploading: 2,
  completed: 1,
  failed: 1,
  needs_attention: 1,
} as const;

export type PrioritizedStep = keyof typeof PRIORITY_BY_STEP;

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

/** The priority of an activity a job runs while it is at `step`. */
export function generationTaskPriority(customerId: string, step: PrioritizedStep): GenerationTaskPriority {
  return { priorityKey: PRIORITY_BY_STEP[step], fairnessKey: generationFairnessKey(customerId) };
}
