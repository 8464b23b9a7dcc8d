import { loadConfig } from '../../src/config';
import { applySchedules } from '../../src/schedules/apply';
import { scheduleDefinitions } from '../../src/schedules/definitions';
import { TaskQueue } from '../../src/shared/task-queues';
import type { CleanupResult } from '../../src/contracts/cleanup';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { temporalCli } from '../support/temporal-cli';

let env: TestEnvironment;
const definitions = scheduleDefinitions(loadConfig());
const scheduleIds = ['maintenance-cleanup', 'maintenance-database', 'maintenance-usage-report'];

beforeAll(async () => {
  // The schedules start their workflows on the real maintenance queue, so the test worker serves it.
  env = await createTestEnvironment('schedules', TaskQueue.maintenance);
});
afterAll(async () => {
  await env.close();
});

async function specsOf(ids: string[]): Promise<Record<string, unknown>> {
  const specs: Record<string, unknown> = {};
  for (const id of ids) {
    const described = JSON.parse(await temporalCli('schedule', 'describe', '--schedule-id', id, '--output', 'json'));
    specs[id] = { spec: described.schedule.spec, policies: described.schedule.policies, action: described.schedule.action };
  }
  return specs;
}

it('applies the schedules idempotently, and `temporal schedule trigger` runs the cleanup to completion', async () => {
  await applySchedules(env.client, definitions);
  const specsBefore = await specsOf(scheduleIds);

  const listed = await temporalCli('schedule', 'list');
  for (const id of scheduleIds) expect(listed).toContain(id);

  expect(await applySchedules(env.client, definitions)).toEqual({
    'maintenance-cleanup': 'unchanged',
    'maintenance-database': 'unchanged',
    'maintenance-usage-report': 'unchanged',
  });
  expect(await specsOf(scheduleIds)).toEqual(specsBefore);

  const handle = env.client.schedule.getHandle('maintenance-cleanup');
  const actionsBefore = (await handle.describe()).info.numActionsTaken;
  // AllowAll: a scheduled run still waiting for a worker would otherwise make the skip policy drop this one.
  await temporalCli('schedule', 'trigger', '--schedule-id', 'maintenance-cleanup', '--overlap-policy', 'AllowAll');

  const result = await env.withWorker(async () => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const description = await handle.describe();
      const started = description.info.recentActions.at(-1);
      if (description.info.numActionsTaken > actionsBefore && started) {
        const run = env.client.workflow.getHandle(started.action.workflow.workflowId, started.action.workflow.firstExecutionRunId);
        return (await run.result()) as CleanupResult;
      }
      if (Date.now() > deadline) throw new Error('the triggered run never started');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
  expect(result).toEqual(
    expect.objectContaining({ tempFilesDeleted: expect.any(Number), expiredSessionsDeleted: expect.any(Number) }),
  );
  const history = await temporalCli('workflow', 'list', '--query', `WorkflowType = 'cleanupWorkflow' AND ExecutionStatus = 'Completed'`);
  expect(history).toContain('maintenance-cleanup-');
});

it('updates a schedule whose definition changed, and only that one', async () => {
  const changed = definitions.map((definition) =>
    definition.scheduleId === 'maintenance-database' ? { ...definition, catchupWindowMs: definition.catchupWindowMs + 60_000 } : definition,
  );
  expect(await applySchedules(env.client, changed)).toEqual({
    'maintenance-cleanup': 'unchanged',
    'maintenance-database': 'updated',
    'maintenance-usage-report': 'unchanged',
  });
  expect(await applySchedules(env.client, definitions)).toMatchObject({ 'maintenance-database': 'updated' });
  expect(await applySchedules(env.client, definitions)).toMatchObject({ 'maintenance-database': 'unchanged' });
});
