/**
 * What a generation job cost in server round trips, read from its history: workflow tasks, activity tasks on the
 * queue, local activities (markers), and the time of the job not spent inside an activity task's execution
 * (start to close minus each activity task's started → completed). Counts do not depend on the machine's load.
 */
import type { Client } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';

export interface JobRoundTrips {
  workflowTasks: number;
  activityTasks: number;
  localActivities: number;
  /** End to end minus the time activity tasks were executing: dispatch, workflow tasks, local activities. */
  outsideActivityTasksMs: number;
}

const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

export async function jobRoundTrips(client: Client, workflowId: string): Promise<JobRoundTrips> {
  const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const at = (event: (typeof events)[number]) => tsToMs(event.eventTime);
  const startedAt = new Map<string, number>();
  let insideMs = 0;
  const counts = { workflowTasks: 0, activityTasks: 0, localActivities: 0 };
  for (const event of events) {
    if (event.workflowTaskCompletedEventAttributes) counts.workflowTasks++;
    if (event.activityTaskScheduledEventAttributes) counts.activityTasks++;
    if (event.markerRecordedEventAttributes?.markerName === LOCAL_ACTIVITY_MARKER) counts.localActivities++;
    if (event.activityTaskStartedEventAttributes) startedAt.set(String(event.activityTaskStartedEventAttributes.scheduledEventId), at(event));
    const completed = event.activityTaskCompletedEventAttributes;
    if (completed) insideMs += at(event) - (startedAt.get(String(completed.scheduledEventId)) ?? at(event));
  }
  return { ...counts, outsideActivityTasksMs: at(events.at(-1)!) - at(events[0]!) - insideMs };
}

/** Mean of each figure over the jobs. */
export function meanRoundTrips(jobs: readonly JobRoundTrips[]): JobRoundTrips {
  const mean = (pick: (job: JobRoundTrips) => number) => Number((jobs.reduce((sum, job) => sum + pick(job), 0) / jobs.length).toFixed(1));
  return {
    workflowTasks: mean((job) => job.workflowTasks),
    activityTasks: mean((job) => job.activityTasks),
    localActivities: mean((job) => job.localActivities),
    outsideActivityTasksMs: Math.round(mean((job) => job.outsideActivityTasksMs)),
  };
}
