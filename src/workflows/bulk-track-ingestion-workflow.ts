import {
  continueAsNew,
  executeChild,
  isCancellation,
  log,
  ParentClosePolicy,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import type { PlanningActivities } from '../activities';
import {
  bulkTrackIngestionInputSchema,
  TRACK_IMPORT_LIMITS,
  trackImportProgressQuery,
  type BulkTrackIngestionInput,
  type ImportEntry,
  type TrackImportProgress,
  type TrackImportResult,
  type ValidBulkTrackIngestionInput,
} from '../contracts/track-import';
import { trackIngestionWorkflowId } from '../contracts/track-ingestion';
import { CustomerIdAttribute } from '../shared/search-attributes';
import { parseInput } from '../shared/validation';
import { forEachBounded } from './bounded-parallel';
import { stepActivities } from './job-steps';
import { trackIngestionWorkflow } from './track-ingestion-workflow';
import { declareVersioningBehavior } from './versioning-behavior';

/**
 * A customer's bulk import: pages through the import's Track rows (the manifest, in PostgreSQL) in id order and
 * runs each as its own trackIngestionWorkflow child, TRACK_IMPORT_LIMITS.parallelChildren at a time. A track that
 * fails is counted and its row says why; it never stops the others. After childrenPerRun children the workflow
 * continues as new from the last finished track, so history stays small for any manifest size. Child ids are the
 * single-track ids (`track-<trackId>`, duplicates refused), so a crashed worker's replay or a repeated start can
 * never ingest a track twice. Workflow id `track-import-<importId>`, on the planning queue.
 */
export async function bulkTrackIngestionWorkflow(rawInput: BulkTrackIngestionInput): Promise<TrackImportResult> {
  const input = parseInput(bulkTrackIngestionInputSchema, rawInput, 'bulk track ingestion input');
  return new BulkTrackIngestion(input).run();
}

declareVersioningBehavior('AUTO_UPGRADE', bulkTrackIngestionWorkflow);

class BulkTrackIngestion {
  private readonly counts: { ingested: number; failed: number };
  private inFlight = 0;
  private updatedAt = new Date().toISOString();

  constructor(private readonly input: ValidBulkTrackIngestionInput) {
    this.counts = { ...input.counts };
    setHandler(trackImportProgressQuery, () => this.progress());
  }

  async run(): Promise<TrackImportResult> {
    const { importId, customerId, total, afterTrackId } = this.input;
    upsertSearchAttributes([{ key: CustomerIdAttribute, value: customerId }]);
    this.show();
    const activities = stepActivities<PlanningActivities>(this.input.policy, 'Reading the next page of the manifest', { startToCloseTimeout: '1 minute' });
    const entries = await activities.loadImportPage({ importId, afterTrackId, limit: TRACK_IMPORT_LIMITS.childrenPerRun });
    await forEachBounded(entries, TRACK_IMPORT_LIMITS.parallelChildren, (entry) => this.ingest(entry));
    if (entries.length === TRACK_IMPORT_LIMITS.childrenPerRun) {
      // Every child of this run has finished: the next run starts after the last one, with the counts so far.
      await continueAsNew<typeof bulkTrackIngestionWorkflow>({ ...this.input, afterTrackId: entries.at(-1)!.trackId, counts: this.counts });
    }
    return { importId, total, ...this.counts };
  }

  private async ingest({ trackId, source }: ImportEntry): Promise<void> {
    this.inFlight += 1;
    this.show();
    try {
      await executeChild(trackIngestionWorkflow, {
        workflowId: trackIngestionWorkflowId(trackId),
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        // A child outlives its parent's run: continue-as-new or a cancelled import never cuts a track short.
        parentClosePolicy: ParentClosePolicy.ABANDON,
        args: [{ trackId, customerId: this.input.customerId, source, policy: this.input.policy }],
        typedSearchAttributes: [{ key: CustomerIdAttribute, value: this.input.customerId }],
        staticSummary: `import ${this.input.importId} · track by ${source.kind}`,
      });
      this.counts.ingested += 1;
    } catch (error) {
      if (isCancellation(error)) throw error;
      // The child wrote the reason on the track's row; the import goes on with the others.
      this.counts.failed += 1;
      log.info('import track failed', { importId: this.input.importId, trackId, error: error instanceof Error ? error.name : 'unknown' });
    } finally {
      this.inFlight -= 1;
      this.show();
    }
  }

  private progress(): TrackImportProgress {
    const { ingested, failed } = this.counts;
    const { total, importId } = this.input;
    return { importId, total, ingested, failed, pending: total - ingested - failed, inFlight: this.inFlight, updatedAt: this.updatedAt };
  }

  /** The counts in the Web UI's "current details" of the import. */
  private show(): void {
    this.updatedAt = new Date().toISOString();
    const { ingested, failed } = this.counts;
    setCurrentDetails(`**${ingested + failed} / ${this.input.total}** done — ${ingested} ingested, ${failed} failed, ${this.inFlight} in flight`);
  }
}
