import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { GenerationProgress } from './generation';

/** `temporal workflow query --workflow-id generation-<jobId> --type progress` */
export const progressQuery = defineQuery<GenerationProgress>('progress');

/** Operator decisions on a job parked in needs_attention (`temporal workflow signal --name retry|abort`). */
export interface OperatorNote {
  reason?: string;
}
export const retrySignal = defineSignal<[OperatorNote?]>('retry');
export const abortSignal = defineSignal<[OperatorNote?]>('abort');
