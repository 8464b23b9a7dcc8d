import { Context } from '@temporalio/activity';
import { planSet, type BeatGrid, type PlanResult, type PlannerTrack } from '../planner';
import type { Track } from '../generated/prisma/client';
import { ErrorType, permanentFailure } from '../shared/errors';
import type { LoadedPool, PlanningPool, PlanRequest } from '../contracts/autodj-planning';
import type { ActivityDependencies } from './dependencies';
import { withTypedFailures } from './domain-failures';

/** Unknown ids named in a failure message; the details carry them all. */
const NAMED_UNKNOWN_IDS = 20;

export function createSetPlanningActivities({ db, sql }: ActivityDependencies) {
  return {
    /** Checks that every id is in the catalog and lists the tracks whose features must be measured first. */
    async loadPlanningPool({ trackIds }: { trackIds: string[] }): Promise<LoadedPool> {
      const { rows } = await sql.query<{ id: string; storageKey: string | null; incomplete: boolean }>(
        `SELECT id, "storageKey", (bpm IS NULL OR key IS NULL OR energy IS NULL OR "beatGrid" IS NULL) AS incomplete
           FROM "Track" WHERE id = ANY($1::text[])`,
        [trackIds],
      );
      const known = new Set(rows.map((row) => row.id));
      const unknown = trackIds.filter((id) => !known.has(id));
      if (unknown.length > 0) {
        const named = unknown.slice(0, NAMED_UNKNOWN_IDS).join(', ');
        const more = unknown.length > NAMED_UNKNOWN_IDS ? ` and ${unknown.length - NAMED_UNKNOWN_IDS} more` : '';
        const rule = `unknown track ids: ${named}${more}`;
        throw permanentFailure(ErrorType.InvalidInput, `pool.trackIds: ${rule}`, { problems: [{ field: 'pool.trackIds', rule }], unknownTrackIds: unknown });
      }
      const toAnalyze = rows
        .filter((row) => row.incomplete && row.storageKey !== null)
        .map((row) => ({ trackId: row.id, storageKey: row.storageKey! }));
      // Request order, so the fan-out and its history are the same on every run.
      const position = new Map(trackIds.map((id, index) => [id, index]));
      toAnalyze.sort((a, b) => position.get(a.trackId)! - position.get(b.trackId)!);
      return { found: rows.length, toAnalyze };
    },

    /** Runs the planner over the pool (catalog rows read here, so features never travel through the workflow). */
    async planAutoDjSet(request: PlanRequest): Promise<PlanResult> {
      return withTypedFailures(async () => {
        const tracks = request.pool.trackIds ? await catalogTracks(db, request.pool.trackIds) : (request.pool.tracks ?? []).map(inlineTrack);
        const context = Context.current();
        return planSet({
          tracks,
          targetDurationSeconds: request.targetDurationSeconds,
          energyMode: request.energyMode,
          eventPreset: request.eventPreset,
          seed: request.seed,
          firstTrackId: request.firstTrackId,
          lastTrackId: request.lastTrackId,
          tempoTolerance: request.tempoTolerance,
          onProgress: (fraction) => context.heartbeat({ fraction }),
        });
      });
    },
  };
}

async function catalogTracks(db: ActivityDependencies['db'], trackIds: string[]): Promise<PlannerTrack[]> {
  const rows = await db.track.findMany({ where: { id: { in: trackIds } } });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return trackIds.flatMap((id) => {
    const row = byId.get(id);
    return row ? [catalogTrack(row)] : [];
  });
}

/** Missing features become values the planner reports as missing (it skips such tracks with the reason). */
function catalogTrack(row: Track): PlannerTrack {
  const beatGrid = asBeatGrid(row.beatGrid);
  const phraseBoundaries = asSeconds(row.phraseBoundaries);
  return {
    id: row.id,
    title: row.title,
    artist: row.artist,
    durationSeconds: row.durationSeconds,
    bpm: row.bpm ?? 0,
    key: row.key ?? row.camelot ?? '',
    energy: row.energy ?? 0,
    ...(beatGrid ? { beatGrid, firstDownbeat: beatGrid.downbeats[0] } : {}),
    ...(phraseBoundaries ? { phraseBoundaries } : {}),
    ...(row.genre !== null ? { genre: row.genre } : {}),
    ...(row.hasVocals !== null ? { hasVocals: row.hasVocals } : {}),
  };
}

function inlineTrack(track: NonNullable<PlanningPool['tracks']>[number]): PlannerTrack {
  return { ...track, bpm: track.bpm ?? 0, key: track.key ?? '', energy: track.energy ?? 0 };
}

function asSeconds(value: unknown): number[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'number' && Number.isFinite(item)) ? (value as number[]) : undefined;
}

function asBeatGrid(value: unknown): BeatGrid | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { beats, downbeats } = value as Record<string, unknown>;
  const beatTimes = asSeconds(beats);
  const downbeatTimes = asSeconds(downbeats);
  return beatTimes && downbeatTimes && downbeatTimes.length > 0 ? { beats: beatTimes, downbeats: downbeatTimes } : undefined;
}
