import { InfinityMixClient } from '../../src/client';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { generationInput } from '../support/generation';

let env: TestEnvironment;

beforeAll(async () => {
  env = await createTestEnvironment('generation-priority');
});
afterAll(async () => {
  await env.close();
});

it("puts the customer's fairness key on the start and every activity task, and a job underway ahead of waiting ones", async () => {
  const input = generationInput({ customerId: 'customer-fairness' });
  const history = await env.withWorker(async () => {
    const { workflowId } = await new InfinityMixClient(env.client, { taskQueue: env.taskQueue }).startGeneration(input);
    const handle = env.client.workflow.getHandle(workflowId);
    await handle.result();
    return handle.fetchHistory();
  });
  const events = history.events ?? [];

  const started = events.find((event) => event.workflowExecutionStartedEventAttributes)!.workflowExecutionStartedEventAttributes!;
  expect(started.priority?.fairnessKey).toBe('customer-fairness');

  const scheduled = events.flatMap((event) => {
    const attributes = event.activityTaskScheduledEventAttributes;
    return attributes ? [{ type: attributes.activityType?.name, priority: attributes.priority }] : [];
  });
  expect(scheduled.map((activity) => activity.type)).toEqual([
    'recordJob',
    'recordJob',
    'submitMusicTask',
    'pollMusicTask',
    'fetchGeneratedAudio',
    'recordJob',
    'uploadResults',
    'recordJob',
  ]);
  for (const activity of scheduled) expect(activity.priority?.fairnessKey).toBe('customer-fairness');
  // Waiting until generation's first activity is done, then underway; the last record is the job ending.
  expect(scheduled.map((activity) => activity.priority?.priorityKey)).toEqual([3, 3, 3, 2, 2, 2, 2, 1]);
});
