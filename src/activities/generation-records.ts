import type { Prisma } from '../generated/prisma/client';
import type { DeadLetterRecord, DeadLetterResolution, GenerationJobRecord } from '../contracts/music-generation';
import type { ActivityDependencies } from './dependencies';

export function createGenerationRecordActivities({ db, metrics }: ActivityDependencies) {
  return {
    /** Idempotent upsert keyed by jobId: writing the same record twice leaves one identical row. */
    async recordJob(record: GenerationJobRecord): Promise<void> {
      const fields = {
        workflowId: record.workflowId,
        customerId: record.customerId,
        status: record.status,
        step: record.step,
        progress: record.progress,
        prompt: record.prompt ?? null,
        mood: record.mood ?? null,
        instruments: record.instruments,
        requestedDuration: record.requestedDuration,
        referenceUrl: record.referenceUrl ?? null,
        referenceTitle: record.referenceSong?.title ?? null,
        referenceArtist: record.referenceSong?.artist ?? null,
        referenceBpm: record.referenceSong?.bpm ?? null,
        referenceKey: record.referenceSong?.key ?? null,
        referenceCamelot: record.referenceSong?.camelot ?? null,
        referenceMood: record.referenceSong?.mood ?? null,
        referenceConfidence: record.referenceSong?.confidence ?? null,
        sceneContext: (record.sceneContext ?? undefined) as Prisma.InputJsonValue | undefined,
        masterKey: record.results?.masterKey ?? null,
        previewKey: record.results?.previewKey ?? null,
        metadataKey: record.results?.metadataKey ?? null,
        fileSizeBytes: record.results?.fileSizeBytes ?? null,
        outputDurationSeconds: record.results?.durationSeconds ?? null,
        title: record.title ?? null,
        errorType: record.error?.type ?? null,
        error: record.error ? `${record.error.step}: ${record.error.message}` : null,
      };
      const completedAt = record.status === 'completed' ? new Date() : null;
      const cancelledAt = record.status === 'cancelled' ? new Date() : null;
      const endedAt = { ...(completedAt ? { completedAt } : {}), ...(cancelledAt ? { cancelledAt } : {}) };
      const before = await db.generationJob.findUnique({ where: { jobId: record.jobId }, select: { status: true, step: true, updatedAt: true } });
      const after = await db.generationJob.upsert({
        where: { jobId: record.jobId },
        create: { jobId: record.jobId, ...fields, ...endedAt },
        update: { ...fields, ...endedAt },
        select: { updatedAt: true },
      });
      // The workflow records a job once per step it enters, so the previous record's time is when that step began.
      if (before?.status !== record.status || before.step !== record.step) metrics.jobTransitions.inc({ status: record.status, step: record.step });
      if (before && before.step !== record.step) metrics.stepDuration.observe({ step: before.step }, (after.updatedAt.getTime() - before.updatedAt.getTime()) / 1000);
    },

    async recordDeadLetter(record: DeadLetterRecord): Promise<string> {
      const createdAt = new Date(record.parkedAt);
      const row = await db.deadLetter.upsert({
        where: { workflowId_step_createdAt: { workflowId: record.workflowId, step: record.step, createdAt } },
        create: {
          jobId: record.jobId,
          workflowId: record.workflowId,
          customerId: record.customerId,
          step: record.step,
          errorType: record.errorType,
          errorMessage: record.errorMessage,
          attempts: record.attempts,
          inputRef: record.inputRef as Prisma.InputJsonValue,
          createdAt,
        },
        update: {},
      });
      return row.id;
    },

    async resolveDeadLetter({ id, status, resolution }: DeadLetterResolution): Promise<void> {
      await db.deadLetter.update({ where: { id }, data: { status, resolution, resolvedAt: new Date() } });
    },
  };
}
