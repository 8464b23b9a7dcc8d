import { type Client, ScheduleNotFoundError, type ScheduleDescription, type ScheduleOptions } from '@temporalio/client';
import { maintenanceTaskQueue, type ScheduleDefinition } from './definitions';

export type ApplyOutcome = 'created' | 'updated' | 'unchanged';

function toOptions(definition: ScheduleDefinition): ScheduleOptions {
  return {
    scheduleId: definition.scheduleId,
    spec: { intervals: [{ every: definition.everyMs, offset: definition.offsetMs }] },
    action: {
      type: 'startWorkflow',
      workflowType: definition.workflowType,
      // The server appends the scheduled time, so each run has its own id under this stable prefix.
      workflowId: definition.scheduleId,
      taskQueue: maintenanceTaskQueue,
      args: definition.args,
      workflowRunTimeout: definition.workflowRunTimeoutMs,
      staticSummary: definition.description,
    },
    policies: {
      overlap: definition.overlap,
      catchupWindow: definition.catchupWindowMs,
      pauseOnFailure: definition.pauseOnFailure,
    },
    state: { note: definition.description },
  };
}

/** What of a schedule this project owns; anything else (pause state, notes by operators) is left alone. */
function ownedFields(description: ScheduleDescription) {
  const action = description.action;
  return {
    intervals: description.spec.intervals?.map(({ every, offset }) => ({ every, offset: offset ?? 0 })) ?? [],
    calendars: description.spec.calendars?.length ?? 0,
    workflowType: action.type === 'startWorkflow' ? action.workflowType : undefined,
    taskQueue: action.type === 'startWorkflow' ? action.taskQueue : undefined,
    args: action.type === 'startWorkflow' ? JSON.stringify(action.args ?? []) : undefined,
    workflowRunTimeout: action.type === 'startWorkflow' ? Number(action.workflowRunTimeout ?? 0) : undefined,
    overlap: description.policies.overlap,
    catchupWindow: description.policies.catchupWindow,
    pauseOnFailure: description.policies.pauseOnFailure,
  };
}

function declaredFields(definition: ScheduleDefinition): ReturnType<typeof ownedFields> {
  return {
    intervals: [{ every: definition.everyMs, offset: definition.offsetMs }],
    calendars: 0,
    workflowType: definition.workflowType,
    taskQueue: maintenanceTaskQueue,
    args: JSON.stringify(definition.args),
    workflowRunTimeout: definition.workflowRunTimeoutMs,
    overlap: definition.overlap,
    catchupWindow: definition.catchupWindowMs,
    pauseOnFailure: definition.pauseOnFailure,
  };
}

/** Creates the schedule, or updates it when what it does differs from the definition. */
export async function applySchedule(client: Client, definition: ScheduleDefinition): Promise<ApplyOutcome> {
  const handle = client.schedule.getHandle(definition.scheduleId);
  let current: ScheduleDescription;
  try {
    current = await handle.describe();
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
    await client.schedule.create(toOptions(definition));
    return 'created';
  }
  if (JSON.stringify(ownedFields(current)) === JSON.stringify(declaredFields(definition))) return 'unchanged';
  const { spec, action, policies } = toOptions(definition);
  await handle.update((previous) => ({ ...previous, spec, action, policies }));
  return 'updated';
}

export async function applySchedules(client: Client, definitions: ScheduleDefinition[]): Promise<Record<string, ApplyOutcome>> {
  const outcomes: Record<string, ApplyOutcome> = {};
  for (const definition of definitions) outcomes[definition.scheduleId] = await applySchedule(client, definition);
  return outcomes;
}
