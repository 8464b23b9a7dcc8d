import type { ImportEntry } from '../contracts/track-import';
import type { ActivityDependencies } from './dependencies';

/** Reading a bulk import's manifest, which is kept as the import's Track rows. */
export function createTrackImportActivities({ db }: ActivityDependencies) {
  return {
    /** The next `limit` tracks of the import in id order after `afterTrackId`, each with where its audio is. */
    async loadImportPage({ importId, afterTrackId, limit }: { importId: string; afterTrackId?: string; limit: number }): Promise<ImportEntry[]> {
      const rows = await db.track.findMany({
        where: { importId, ...(afterTrackId === undefined ? {} : { id: { gt: afterTrackId } }) },
        orderBy: { id: 'asc' },
        take: limit,
        select: { id: true, storageKey: true, sourceUrl: true },
      });
      return rows.map(({ id, storageKey, sourceUrl }) => ({
        trackId: id,
        source: sourceUrl === null ? { kind: 'upload', storageKey: storageKey! } : { kind: 'url', url: sourceUrl, storageKey: storageKey! },
      }));
    },
  };
}
