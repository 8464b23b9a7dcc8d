import type { GenerationJob } from '../generated/prisma/client';
import type { GenerationProgress } from '../contracts/music-generation';
import { generationSummary, generationView } from './generation-view';
import { generationSummarySchema, generationViewSchema } from './response-schemas';

const jobId = '7f2a7d2e-64a5-4c39-9b3f-3a8f4a3f9d11';
const workflowId = `generation-${jobId}`;
const at = new Date('2026-11-22T10:00:00Z');

function row(fields: Partial<GenerationJob> = {}): GenerationJob {
  return {
    jobId, workflowId, customerId: 'acme', status: 'running', step: 'generating', progress: 60,
    prompt: 'calm piano', mood: null, instruments: [], requestedDuration: 30, referenceUrl: null,
    referenceTitle: null, referenceArtist: null, referenceBpm: null, referenceKey: null, referenceCamelot: null,
    referenceMood: null, referenceConfidence: null, sceneContext: null, provider: null, providerTaskId: null,
    masterKey: null, previewKey: null, metadataKey: null, fileSizeBytes: null, outputDurationSeconds: null,
    title: null, errorType: null, error: null, createdAt: at, updatedAt: at, completedAt: null, cancelRequestedAt: null, cancelledAt: null,
    ...fields,
  };
}

const progress: GenerationProgress = {
  jobId, status: 'running', step: 'uploading', percent: 85, startedAt: at.toISOString(), updatedAt: at.toISOString(),
  stepsVisited: ['queued', 'generating', 'uploading'],
};

it('prefers the live progress of a running workflow over the row', () => {
  const view = generationView(jobId, row(), { workflowId, status: 'RUNNING', memo: {} }, progress);
  expect(view).toMatchObject({ status: 'running', step: 'uploading', percent: 85, progressSource: 'workflow', workflowStatus: 'RUNNING' });
  expect(view.request).toEqual({ customerId: 'acme', prompt: 'calm piano', mood: null, instruments: [], durationSeconds: 30, referenceUrl: null });
});

it('answers from the row when no progress is available, with the result once uploaded', () => {
  const done = row({ status: 'completed', step: 'completed', progress: 100, masterKey: 'm.wav', previewKey: 'p.mp3', metadataKey: 'm.json', title: 'Calm piano', provider: 'local', completedAt: at });
  const view = generationView(jobId, done, { workflowId, status: 'COMPLETED', memo: {} }, undefined);
  expect(view).toMatchObject({ status: 'completed', percent: 100, progressSource: 'database', result: { masterKey: 'm.wav', provider: 'local' }, completedAt: at.toISOString() });
});

it('lets a closed execution override a row that still says running', () => {
  const view = generationView(jobId, row(), { workflowId, status: 'TERMINATED', memo: {} }, undefined);
  expect(view).toMatchObject({ status: 'failed', step: 'failed', workflowStatus: 'TERMINATED' });
});

it('shows a cancelled job as cancelled, from its row or from a cancelled execution whose row still says running', () => {
  const cancelled = row({ status: 'cancelled', step: 'cancelled', cancelRequestedAt: at, cancelledAt: at });
  expect(generationView(jobId, cancelled, { workflowId, status: 'CANCELLED', memo: {} }, undefined)).toMatchObject({ status: 'cancelled', step: 'cancelled', cancelledAt: at.toISOString() });
  expect(generationView(jobId, row(), { workflowId, status: 'CANCELLED', memo: {} }, undefined)).toMatchObject({ status: 'cancelled', step: 'cancelled', cancelledAt: null });
});

it('shows a queued job that has no row yet, and a row Temporal no longer has', () => {
  expect(generationView(jobId, null, { workflowId, status: 'RUNNING', memo: {} }, undefined)).toMatchObject({ status: 'queued', percent: 0, workflowId });
  expect(generationView(jobId, row({ status: 'failed', step: 'failed', errorType: 'Aborted', error: 'generating: aborted' }), undefined, undefined)).toMatchObject({
    status: 'failed',
    workflowStatus: null,
    error: { type: 'Aborted', message: 'generating: aborted' },
  });
});

it('answers as /openapi.json documents it, in every case above', () => {
  const done = row({ status: 'completed', step: 'completed', progress: 100, masterKey: 'm.wav', previewKey: 'p.mp3', metadataKey: 'm.json', title: 'Calm piano', provider: 'local', completedAt: at });
  const parked: GenerationProgress = { ...progress, status: 'needs_attention', step: 'needs_attention', deadLetterId: 'd1', lastError: { step: 'generating', type: 'ProviderUnavailable', message: 'down' } };
  const views = [
    generationView(jobId, row({ referenceBpm: 120, referenceTitle: 'Song', sceneContext: { dominantMood: 'calm', averageEnergy: 0.3, sceneCount: 1, summary: 's', scenes: [{ start: 0, end: 5, mood: 'calm', energy: 0.3 }] } }), { workflowId, status: 'RUNNING', memo: {} }, parked),
    generationView(jobId, done, { workflowId, status: 'COMPLETED', memo: {} }, undefined),
    generationView(jobId, null, { workflowId, status: 'RUNNING', memo: {} }, undefined),
    generationView(jobId, row({ status: 'failed', errorType: 'Aborted', error: 'aborted' }), undefined, undefined),
    generationView(jobId, row({ status: 'cancelled', step: 'cancelled', cancelRequestedAt: at, cancelledAt: at }), { workflowId, status: 'CANCELLED', memo: {} }, undefined),
  ];
  for (const view of views) expect(generationViewSchema.safeParse(view).error).toBeUndefined();
  expect(generationViewSchema.safeParse({ ...views[1], percent: 101 }).success).toBe(false);
});

it('never says completed before the row holds the result: the workflow entered its last step, the row still says uploading', () => {
  const finishing: GenerationProgress = { ...progress, status: 'completed', step: 'completed', percent: 100 };
  const uploading = row({ status: 'running', step: 'uploading', progress: 85 });
  const view = generationView(jobId, uploading, { workflowId, status: 'RUNNING', memo: {} }, finishing);
  expect(view).toMatchObject({ status: 'running', step: 'uploading', percent: 85, progressSource: 'database' });
  expect(view.result).toBeUndefined();
  expect(generationView(jobId, null, { workflowId, status: 'COMPLETED', memo: {} }, undefined)).toMatchObject({ status: 'running', step: 'uploading', percent: 85 });
  const recorded = row({ status: 'completed', step: 'completed', progress: 100, masterKey: 'm.wav', previewKey: 'p.mp3', metadataKey: 'm.json' });
  expect(generationView(jobId, recorded, { workflowId, status: 'RUNNING', memo: {} }, finishing)).toMatchObject({ status: 'completed', percent: 100, result: { masterKey: 'm.wav' } });
});

it('lists a job from its row with the same rule', () => {
  expect(generationSummary(row({ status: 'completed', step: 'completed', progress: 100 }))).toMatchObject({ status: 'running', step: 'uploading', progress: 85 });
  const summary = generationSummary(row());
  expect(summary).toEqual({ id: jobId, status: 'running', step: 'generating', progress: 60, createdAt: at.toISOString(), updatedAt: at.toISOString(), links: { self: `/v1/generations/${jobId}` } });
  expect(generationSummarySchema.safeParse(summary).error).toBeUndefined();
});
