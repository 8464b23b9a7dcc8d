import { readFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { failureConverterPath } from '../../src/codec/data-converter';

/**
 * Saved histories (scripts/record-histories.ts) must replay on today's workflow code without nondeterminism,
 * under the product's failure converter (their failures are stored decoded, as plain messages).
 */
const workflowTypes = ['cleanupWorkflow', 'databaseMaintenanceWorkflow', 'usageReportWorkflow', 'musicGenerationWorkflow', 'autoDjPlanningWorkflow', 'webhookDeliveryWorkflow'];

beforeAll(() => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
});

it.each(workflowTypes)('%s replays its saved history', async (workflowType) => {
  const file = path.resolve(__dirname, '..', 'histories', `${workflowType}.json`);
  // Saved as protobuf.js JSON (Client#fetchHistory), so it is read back with the matching fromObject.
  const history = temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(file, 'utf8')));
  await expect(
    Worker.runReplayHistory(
      { workflowsPath: require.resolve('../../src/workflows'), dataConverter: { failureConverterPath }, replayName: workflowType },
      history,
    ),
  ).resolves.toBeUndefined();
});
