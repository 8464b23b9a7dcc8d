/**
 * Records one real history per workflow into test/histories/, for the replay test that guards determinism.
 * Re-record after an intentional, versioned workflow change: `npm run histories:record` (services must be up).
 */
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createEncryptionCodec } from '../src/codec/data-converter';
import { decodeHistoryPayloads } from '../src/codec/history';
import { loadConfig } from '../src/config';
import { startAutoDjHistoryCase } from '../test/support/autodj-history-case';
import { createTestEnvironment } from '../test/support/environment';
import { startGenerationHistoryCase } from '../test/support/generation-history-case';
import { startWebhookHistoryCase } from '../test/support/webhook-history-case';

const cases: { workflowType: string; args: unknown[] }[] = [
  { workflowType: 'cleanupWorkflow', args: [{ tempMaxAgeHours: 24, orphanAfterDays: 7 }] },
  { workflowType: 'databaseMaintenanceWorkflow', args: [{ recommendationsPerTrack: 5 }] },
  { workflowType: 'usageReportWorkflow', args: [{ periodStart: '2030-01-01T00:00:00Z', periodEnd: '2030-01-02T00:00:00Z' }] },
];

async function main(): Promise<void> {
  const env = await createTestEnvironment('histories');
  // Saved decrypted: the replay test runs on clones that never had this machine's payload keys.
  const codec = createEncryptionCodec(loadConfig().temporal.payloadEncryption);
  const generation = await startGenerationHistoryCase();
  const autoDj = await startAutoDjHistoryCase(env);
  const webhook = await startWebhookHistoryCase(env);
  // `npm run histories:record -- autoDjPlanningWorkflow` records only the named workflows.
  const only = process.argv.slice(2);
  try {
    await env.withWorker(async () => {
      for (const { workflowType, args } of [...cases, generation, autoDj, webhook]) {
        if (only.length > 0 && !only.includes(workflowType)) continue;
        const handle = await env.client.workflow.start(workflowType, { taskQueue: env.taskQueue, workflowId: `${workflowType}-${randomUUID()}`, args });
        await handle.result();
        const history = await decodeHistoryPayloads(await handle.fetchHistory(), codec);
        const file = path.resolve(__dirname, '..', 'test', 'histories', `${workflowType}.json`);
        await writeFile(file, JSON.stringify(history, null, 1));
        console.log(`recorded ${file} (${history.events?.length} events)`);
      }
    }, { allowPrivateReferenceHosts: true, allowLoopbackWebhooks: true });
  } finally {
    await generation.close();
    await autoDj.close();
    await webhook.close();
    await env.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
