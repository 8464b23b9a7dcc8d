import { z } from 'zod';
import { TRACK_IMPORT_LIMITS, trackImportRequestSchema } from '../contracts/track-import';
import { TRACK_LIMITS } from '../contracts/track-ingestion';
import type { TrackImport } from '../generated/prisma/client';
import { parseInput } from '../shared/validation';
import type { Caller } from './api-key-store';
import type { ApiDependencies } from './dependencies';
import { invalidInput, notFound } from './http-error';
import { canSee } from './ownership';
import { parseRequest, requestObject } from './request-parsing';
import { trackImportCreatedSchema, trackImportStartedSchema, trackImportViewSchema } from './response-schemas';
import { EXAMPLE_ID } from './route-doc';
import type { ApiResponse, AuthenticatedRequest, Route } from './router';
import { createSourceUrlCheck } from './source-url-check';
import { createImportRecords, startImport } from './track-import-records';

const importParams = z.strictObject({ importId: z.uuid() });
const SERVER_FIELDS = ['importId', 'customerId', 'status'] as const;

const importPath = (importId: string) => `/v1/track-imports/${importId}`;

/** Bulk imports: a manifest of many tracks, ingested by one bulkTrackIngestionWorkflow (docs/catalog.md). */
export function trackImportRoutes({ temporal, db, storage, logger, planningPolicy, allowPrivateSourceHosts }: ApiDependencies): Route[] {
  const checkSourceUrl = createSourceUrlCheck(allowPrivateSourceHosts);

  async function visibleImport(importId: string, caller: Caller): Promise<TrackImport | undefined> {
    if (!importParams.safeParse({ importId }).success) return undefined;
    const row = await db.trackImport.findUnique({ where: { id: importId } });
    return row && canSee(caller, row.customerId) ? row : undefined;
  }

  async function start(row: TrackImport): Promise<void> {
    await startImport(db, temporal, planningPolicy, row);
    logger.info('track import started', { importId: row.id, customerId: row.customerId, total: row.total });
  }

  async function create(request: AuthenticatedRequest): Promise<ApiResponse> {
    const { customerId } = request.caller;
    const asked = requestObject(await request.readBody(), SERVER_FIELDS, 'track import');
    const input = parseRequest(() => parseInput(trackImportRequestSchema, asked, 'track import'));
    // Before any row exists, so a refused entry leaves nothing behind; the worker checks every URL again.
    for (const [index, entry] of input.tracks.entries()) {
      if (entry.sourceUrl !== undefined) await checkSourceUrl(entry.sourceUrl, `tracks.${index}.sourceUrl`, 'track import');
    }
    const created = await createImportRecords(db, customerId, input.tracks);
    const links = { self: importPath(created.importId), start: `${importPath(created.importId)}/start` };
    const uploads = created.tracks.some((track) => track.upload);
    const tracks = [];
    for (const track of created.tracks) {
      if (!track.upload) {
        tracks.push({ trackId: track.trackId });
        continue;
      }
      const upload = await storage.presignUpload(track.storageKey, TRACK_LIMITS.uploadUrlSeconds);
      if (upload === null) {
        await db.trackImport.delete({ where: { id: created.importId } });
        await db.track.deleteMany({ where: { id: { in: created.tracks.map((entry) => entry.trackId) } } });
        const rule = "is required in every entry: this server's storage is a local directory, which takes no uploads";
        throw invalidInput(`Invalid track import: sourceUrl ${rule}`, [{ field: 'tracks.sourceUrl', rule }]);
      }
      tracks.push({ trackId: track.trackId, upload: { url: upload.url, method: 'PUT' as const, expiresAt: upload.expiresAt.toISOString() } });
    }
    const total = created.tracks.length;
    if (!uploads) await start({ id: created.importId, customerId, total, startedAt: null, createdAt: new Date() });
    const status = uploads ? 'awaiting_uploads' : 'ingesting';
    return { status: uploads ? 201 : 202, headers: { location: links.self }, body: { importId: created.importId, status, total, tracks, links } };
  }

  /** After the PUTs: the import starts once; an entry whose file never arrived fails and is listed. Repeats answer alike. */
  async function startRoute(request: AuthenticatedRequest): Promise<ApiResponse> {
    const importId = request.params.importId!;
    const row = await visibleImport(importId, request.caller);
    if (!row) throw notFound(`No track import ${importId}`);
    await start(row);
    return { status: 202, headers: { location: importPath(importId) }, body: { importId, status: 'ingesting', links: { self: importPath(importId) } } };
  }

  async function show(request: AuthenticatedRequest): Promise<ApiResponse> {
    const importId = request.params.importId!;
    const row = await visibleImport(importId, request.caller);
    if (!row) throw notFound(`No track import ${importId}`);
    const byStatus = await db.track.groupBy({ by: ['status'], where: { importId }, _count: { _all: true } });
    const count = (status: string) => byStatus.find((group) => group.status === status)?._count._all ?? 0;
    const counts = { ingested: count('ready'), failed: count('failed'), pending: count('ingesting') + count('awaiting_upload') };
    const failed = await db.track.findMany({
      where: { importId, status: 'failed' },
      orderBy: { id: 'asc' },
      take: TRACK_IMPORT_LIMITS.failuresShown,
      select: { id: true, title: true, errorType: true, error: true },
    });
    const status = row.startedAt === null ? 'awaiting_uploads' : counts.pending > 0 ? 'ingesting' : 'finished';
    return {
      status: 200,
      body: {
        importId,
        status,
        total: row.total,
        counts,
        failures: failed.map(({ id, title, errorType, error }) => ({ trackId: id, title, errorType, error })),
        createdAt: row.createdAt.toISOString(),
        startedAt: row.startedAt?.toISOString() ?? null,
        links: { self: importPath(importId) },
      },
    };
  }

  const location = { Location: 'Where the import is shown' };
  return [
    {
      method: 'POST',
      path: '/v1/track-imports',
      access: 'customer',
      handler: create,
      doc: {
        operationId: 'importTracks',
        summary: 'Import many tracks at once from a manifest',
        description:
          `\`tracks\` lists 1 to ${TRACK_IMPORT_LIMITS.maxEntries} entries with the fields of POST /v1/tracks. ` +
          'When every entry has a `sourceUrl` the import starts at once: 202. Otherwise 201 with a presigned `upload` URL per upload entry: ' +
          'PUT each file there, then `POST /v1/track-imports/{importId}/start`. Tracks are ingested a few at a time; one that fails ' +
          '(bad audio, unreachable or refused URL, file never uploaded) is listed with its reason and never stops the others.',
        tag: 'tracks',
        body: {
          schema: trackImportRequestSchema,
          serverFields: SERVER_FIELDS,
          example: { tracks: [{ title: 'Night Drive', artist: 'The Examples', genre: 'house' }, { title: 'Morning Run', artist: 'The Examples' }] },
        },
        responses: {
          201: { description: 'Waiting for the uploads', schema: trackImportCreatedSchema, headers: location },
          202: { description: 'Every entry has a sourceUrl: ingesting', schema: trackImportCreatedSchema, headers: location },
        },
        errors: [],
      },
    },
    {
      method: 'POST',
      path: '/v1/track-imports/:importId/start',
      access: 'customer',
      handler: startRoute,
      doc: {
        parameterExamples: { importId: EXAMPLE_ID },
        operationId: 'startTrackImport',
        summary: 'Start ingesting an import once its files are uploaded',
        description: 'Asking again answers the same; each track is ingested once whatever happens.',
        tag: 'tracks',
        params: importParams,
        responses: { 202: { description: 'Ingesting', schema: trackImportStartedSchema, headers: location } },
        errors: ['NotFound'],
      },
    },
    {
      method: 'GET',
      path: '/v1/track-imports/:importId',
      access: 'customer',
      handler: show,
      doc: {
        parameterExamples: { importId: EXAMPLE_ID },
        operationId: 'getTrackImport',
        summary: 'An import: how many tracks are ingested, failed and pending, and the failures with their reasons',
        description: `The first ${TRACK_IMPORT_LIMITS.failuresShown} failures; all of them with GET /v1/tracks?status=failed.`,
        tag: 'tracks',
        params: importParams,
        responses: { 200: { description: 'The import', schema: trackImportViewSchema } },
        errors: ['NotFound'],
      },
    },
  ];
}
