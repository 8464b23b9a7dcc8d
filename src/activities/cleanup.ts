import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { heartbeat } from '@temporalio/activity';
import type { DeletionCount } from '../contracts/cleanup';
import { TEMPORARY_PREFIX } from '../storage/keys';
import type { ActivityDependencies } from './dependencies';

/** Heartbeat every this many items, so a stuck loop is noticed without flooding the server. */
const HEARTBEAT_EVERY = 200;
const UNFINISHED_STATUSES = ['queued', 'running', 'needs_attention'] as const;

export function createCleanupActivities({ db, storage, workflows, tempAudioDir }: ActivityDependencies) {
  return {
    /** Deletes files under the temp audio directory last modified before `cutoff`. */
    async deleteStaleTempFiles({ cutoff }: { cutoff: string }): Promise<DeletionCount> {
      const cutoffMs = Date.parse(cutoff);
      const count: DeletionCount = { deleted: 0, kept: 0 };
      let seen = 0;
      for await (const file of walkFiles(tempAudioDir)) {
        if (++seen % HEARTBEAT_EVERY === 0) heartbeat({ seen });
        const info = await stat(file).catch(() => null);
        if (!info) continue;
        if (info.mtimeMs < cutoffMs) {
          await rm(file, { force: true });
          count.deleted++;
        } else {
          count.kept++;
        }
      }
      return count;
    },

    /** Deletes objects under `tmp/` in storage last modified before `cutoff`. */
    async deleteStaleStorageObjects({ cutoff }: { cutoff: string }): Promise<DeletionCount> {
      const cutoffMs = Date.parse(cutoff);
      const stale: string[] = [];
      let kept = 0;
      for await (const object of storage.list(TEMPORARY_PREFIX)) {
        if (object.lastModified.getTime() < cutoffMs) stale.push(object.key);
        else kept++;
        if ((stale.length + kept) % HEARTBEAT_EVERY === 0) heartbeat({ listed: stale.length + kept });
      }
      await storage.deleteMany(stale);
      return { deleted: stale.length, kept };
    },

    async deleteExpiredSessions({ now }: { now: string }): Promise<number> {
      const { count } = await db.session.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
      return count;
    },

    /**
     * Unfinished generation jobs not updated since `cutoff` whose workflow no longer runs: nothing will
     * ever finish them. Finished jobs are history, never orphans.
     */
    async deleteOrphanedJobs({ cutoff }: { cutoff: string }): Promise<number> {
      const candidates = await db.generationJob.findMany({
        where: { status: { in: [...UNFINISHED_STATUSES] }, updatedAt: { lt: new Date(cutoff) } },
        select: { jobId: true, workflowId: true },
      });
      const orphaned: string[] = [];
      for (const [index, job] of candidates.entries()) {
        if (index % HEARTBEAT_EVERY === 0) heartbeat({ checked: index });
        if (!(await workflows.isRunning(job.workflowId))) orphaned.push(job.jobId);
      }
      const { count } = await db.generationJob.deleteMany({ where: { jobId: { in: orphaned } } });
      return count;
    },

    /** Tracks created before `cutoff` whose audio object is gone from storage. */
    async deleteOrphanedTracks({ cutoff }: { cutoff: string }): Promise<number> {
      const candidates = await db.track.findMany({
        where: { storageKey: { not: null }, createdAt: { lt: new Date(cutoff) } },
        select: { id: true, storageKey: true },
      });
      const orphaned: string[] = [];
      for (const [index, track] of candidates.entries()) {
        if (index % HEARTBEAT_EVERY === 0) heartbeat({ checked: index });
        if ((await storage.head(track.storageKey!)) === null) orphaned.push(track.id);
      }
      const { count } = await db.track.deleteMany({ where: { id: { in: orphaned } } });
      return count;
    },
  };
}

async function* walkFiles(directory: string): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) yield* walkFiles(full);
    else if (entry.isFile()) yield full;
  }
}
