import type { AutoDjPlan, PlanHeader, PlanStatusRecord } from '../contracts/autodj-planning';
import type { ActivityDependencies } from './dependencies';

export function createAutoDjPlanRecordActivities({ db, metrics }: ActivityDependencies) {
  function headerFields(header: PlanHeader) {
    return {
      workflowId: header.workflowId,
      customerId: header.customerId ?? null,
      targetDurationSeconds: header.targetDurationSeconds,
      energyMode: header.energyMode,
      eventPreset: header.eventPreset,
      seed: header.seed,
    };
  }

  /** The plan row is made when planning starts, so its age at the final record is the plan's duration. */
  function observePlanDuration(status: string, { createdAt, updatedAt }: { createdAt: Date; updatedAt: Date }): void {
    metrics.planDuration.observe({ status }, (updatedAt.getTime() - createdAt.getTime()) / 1000);
  }

  return {
    /** Marks the plan as being planned (or failed, with the error); entries of an earlier run are left as they were. */
    async recordAutoDjPlanStatus({ header, status, error }: PlanStatusRecord): Promise<void> {
      const fields = { ...headerFields(header), status, error: error ?? null };
      const row = await db.autoDjPlan.upsert({ where: { id: header.planId }, create: { id: header.planId, ...fields }, update: fields, select: { createdAt: true, updatedAt: true } });
      if (status !== 'planning') observePlanDuration(status, row);
    },

    /**
     * Upserts the plan row and replaces its entries in one transaction, so a retried save leaves exactly one
     * copy.
     */
    async saveAutoDjPlan(plan: AutoDjPlan): Promise<{ entries: number }> {
      const fields = {
        ...headerFields(plan),
        status: 'completed' as const,
        totalDurationSeconds: plan.totalDurationSeconds,
        quality: { ...plan.quality, objective: plan.objective, algorithm: plan.algorithm },
        skipped: plan.skipped.map((track) => ({ ...track })),
        error: null,
      };
      const entries = plan.entries.map((entry, position) => ({
        planId: plan.planId,
        position,
        trackId: entry.trackId,
        startTime: entry.startTime,
        mixInTime: entry.mixInTime,
        mixOutTime: entry.mixOutTime,
        overlap: entry.overlap,
        tempoRatio: entry.tempoRatio,
        keyShift: entry.keyShift ?? null,
        camelot: entry.camelot,
        energy: entry.energy,
        bpm: entry.bpm,
        cueInTrack: entry.cueInTrack,
        mixOutInTrack: entry.mixOutInTrack,
        transition: entry.transition,
      }));
      const [row] = await db.$transaction([
        db.autoDjPlan.upsert({ where: { id: plan.planId }, create: { id: plan.planId, ...fields }, update: fields, select: { createdAt: true, updatedAt: true } }),
        db.autoDjPlanEntry.deleteMany({ where: { planId: plan.planId } }),
        db.autoDjPlanEntry.createMany({ data: entries }),
      ]);
      observePlanDuration('completed', row);
      return { entries: entries.length };
    },
  };
}
