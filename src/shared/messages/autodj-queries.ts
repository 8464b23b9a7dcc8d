import { defineQuery } from '@temporalio/workflow';
import type { AutoDjProgress } from './autodj';

/** `temporal workflow query --workflow-id autodj-<planId> --type progress` */
export const autoDjProgressQuery = defineQuery<AutoDjProgress>('progress');
