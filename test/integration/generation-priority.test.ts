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
  // The job's rows are local activities (markers, no task on the queue) and the local composer's submit returns
  // the audio's key, so only the two long activities are queue tasks.
  expect(scheduled.map((activity) => activity.type)).toEqual(['submitMusicTask', 'uploadResults']);
  for (const activity of scheduled) expect(activity.priority?.fairnessKey).toBe('customer-fairness');
  // Waiting until generation's first activity is done, then underway.
  expect(scheduled.map((activity) => activity.priority?.priorityKey)).toEqual([3, 2]);
  const markers = events.flatMap((event) => (event.markerRecordedEventAttributes?.markerName ? [event.markerRecordedEventAttributes.markerName] : []));
  // Four rows (queued, generating, uploading, completed) and the look for webhook endpoints; this customer has none,
  // so no delivery workflow is started.
  expect(markers.filter((name) => name === 'core_local_activity')).toHaveLength(5);
  expect(events.filter((event) => event.startChildWorkflowExecutionInitiatedEventAttributes)).toEqual([]);
});
