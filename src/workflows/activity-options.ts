import type { ActivityOptions } from '@temporalio/workflow';
import { stepRetrySchema } from '../shared/step-retry';
import { stepRetryPolicy } from './job-steps';

/** Maintenance runs from schedules with no policy of its own: the default step policy. */
const maintenanceRetry = stepRetryPolicy(stepRetrySchema.parse({}));

/** Short database statements: a minute each. */
export const quickDatabaseActivity: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: maintenanceRetry,
};

/** Loops over many files, rows or objects: they heartbeat, so a dead worker is noticed within the heartbeat timeout. */
export const longScanActivity: ActivityOptions = {
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: maintenanceRetry,
};
