import { randomUUID } from 'node:crypto';
import type { GenerationProgress } from '../../src/contracts/music-generation';
import { startCodecServerChild, type CodecServerChild } from '../support/codec-server-child';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { fastPolicy } from '../support/generation';
import { temporalCli } from '../support/temporal-cli';

let env: TestEnvironment;
// Payloads are encrypted; an operator's CLI encodes the input and decodes the result through the codec server.
let codecServer: CodecServerChild;

beforeAll(async () => {
  env = await createTestEnvironment('generation-cli');
  codecServer = await startCodecServerChild();
});
afterAll(async () => {
  await codecServer.stop();
  await env.close();
});

it('an operator starts a generation with the temporal CLI, follows it by search attribute and queries its progress', async () => {
  const jobId = randomUUID();
  const workflowId = `generation-${jobId}`;
  const input = { jobId, customerId: 'cli-operator', mood: 'romantic', durationSeconds: 6, instruments: ['piano'], policy: fastPolicy };

  // A query on a closed workflow replays it, so the worker stays up for the query too.
  const [output, queryOutput] = await env.withWorker(async () => {
    const executed = await temporalCli(
      'workflow', 'execute', '--type', 'musicGenerationWorkflow', '--task-queue', env.taskQueue,
      '--workflow-id', workflowId, '--input', JSON.stringify(input), '--output', 'json', ...codecServer.cliFlags,
    );
    return [executed, await temporalCli('workflow', 'query', '--workflow-id', workflowId, '--type', 'progress', '--output', 'json', ...codecServer.cliFlags)];
  });
  const execution = JSON.parse(output);
  expect(execution.status).toMatch(/COMPLETED/);
  expect(execution.result).toMatchObject({ jobId, masterKey: `customers/cli-operator/generations/${jobId}/master.wav`, provider: 'local' });

  const progress = JSON.parse(queryOutput);
  const queried = (progress.queryResult?.[0] ?? progress.queryResult) as GenerationProgress;
  expect(queried).toMatchObject({ status: 'completed', percent: 100 });

  // Search attributes are indexed shortly after the close; poll the visibility store briefly.
  let listed = '';
  for (let attempt = 0; attempt < 40 && !listed.includes(workflowId); attempt++) {
    listed = await temporalCli('workflow', 'list', '--query', `CustomerId = 'cli-operator' AND GenerationStep = 'completed'`);
    if (!listed.includes(workflowId)) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect(listed).toContain(workflowId);
  const row = await env.db.generationJob.findUnique({ where: { jobId } });
  expect(row).toMatchObject({ status: 'completed', customerId: 'cli-operator', mood: 'romantic' });
});
