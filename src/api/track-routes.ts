import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { z } from 'zod';
import { TRACK_LIMITS, TRACK_STATUSES, trackRequestSchema, type TrackSource } from '../contracts/track-ingestion';
import type { Prisma, Track } from '../generated/prisma/client';
import { trackSourceKey } from '../storage/keys';
import { parseInput } from '../shared/validation';
import type { Caller } from './api-key-store';
import type { ApiDependencies } from './dependencies';
import { createSourceUrlCheck } from './source-url-check';
import { HttpError, invalidInput, notFound } from './http-error';
import { EXAMPLE_ID } from './route-doc';
import { decodeCursor } from './list-cursor';
import { afterPosition, pageFields, pageOf } from './list-query';
import { liveProgress } from './live-progress';
import { canSee } from './ownership';
import { parseQuery, parseRequest, requestObject } from './request-parsing';
import { trackAwaitingUploadSchema, trackIngestingSchema, trackListSchema, trackViewSchema } from './response-schemas';
import type { ApiResponse, AuthenticatedRequest, Route } from './router';
import { trackPath, trackView } from './track-view';

const trackParams = z.strictObject({ trackId: z.uuid() });
/** Fields the server sets: the id, the owner, where the audio is kept and the ingestion's state. */
const SERVER_FIELDS = ['trackId', 'customerId', 'status', 'storageKey'] as const;

const bpm = z.coerce.number().min(30).max(300);
const listQuerySchema = z
  .strictObject({
    status: z.enum(TRACK_STATUSES, { message: `must be one of: ${TRACK_STATUSES.join(', ')}` }).optional(),
    genre: z.string().trim().min(1).max(TRACK_LIMITS.maxGenreLength).optional(),
    bpmMin: bpm.optional(),
    bpmMax: bpm.optional(),
    ...pageFields,
  })
  .refine((query) => query.bpmMin === undefined || query.bpmMax === undefined || query.bpmMin <= query.bpmMax, {
    message: 'must not be below bpmMin',
    path: ['bpmMax'],
  });

export function trackRoutes({ temporal, db, storage, logger, queryTimeoutMs, planningPolicy, allowPrivateSourceHosts, idSecret }: ApiDependencies): Route[] {
  const checkSourceUrl = createSourceUrlCheck(allowPrivateSourceHosts);

  /** The track if the caller may see it: a customer its own, an operator any. */
  async function visibleTrack(trackId: string, caller: Caller): Promise<Track | undefined> {
    if (!trackParams.safeParse({ trackId }).success) return undefined;
    const row = await db.track.findUnique({ where: { id: trackId } });
    return row && canSee(caller, row.customerId) ? row : undefined;
  }

  async function startIngestion(row: Track, source: TrackSource): Promise<void> {
    try {
      await temporal.startTrackIngestion({ trackId: row.id, customerId: row.customerId!, source, policy: planningPolicy }, { customerId: row.customerId });
      logger.info('track ingestion started', { trackId: row.id, customerId: row.customerId, source: source.kind });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return;
      await db.track.update({ where: { id: row.id }, data: { status: 'failed', errorType: 'StartFailed', error: 'the ingestion could not be started; add the track again' } });
      throw error;
    }
  }

  async function create(request: AuthenticatedRequest): Promise<ApiResponse> {
    const { customerId } = request.caller;
    const asked = requestObject(await request.readBody(), SERVER_FIELDS, 'track request');
    const input = parseRequest(() => parseInput(trackRequestSchema, asked, 'track request'));
    if (input.sourceUrl !== undefined) await checkSourceUrl(input.sourceUrl, 'sourceUrl', 'track request');
    const trackId = randomUUID();
    const storageKey = trackSourceKey(customerId, trackId);
    const upload = input.sourceUrl === undefined ? await storage.presignUpload(storageKey, TRACK_LIMITS.uploadUrlSeconds) : undefined;
    if (upload === null) {
      const rule = "is required: this server's storage is a local directory, which takes no uploads";
      throw invalidInput(`Invalid track request: sourceUrl ${rule}`, [{ field: 'sourceUrl', rule }]);
    }
    const row = await db.track.create({
      data: {
        id: trackId,
        customerId,
        title: input.title,
        artist: input.artist,
        genre: input.genre ?? null,
        tags: input.tags ?? [],
        storageKey,
        sourceUrl: input.sourceUrl ?? null,
        status: input.sourceUrl === undefined ? 'awaiting_upload' : 'ingesting',
      },
    });
    const links = { self: trackPath(trackId) };
    if (input.sourceUrl !== undefined) {
      await startIngestion(row, { kind: 'url', url: input.sourceUrl, storageKey });
      return { status: 202, headers: { location: links.self }, body: { trackId, status: 'ingesting', links } };
    }
    return {
      status: 201,
      headers: { location: links.self },
      body: { trackId, status: 'awaiting_upload', upload: { url: upload!.url, method: 'PUT', expiresAt: upload!.expiresAt.toISOString() }, links: { ...links, ingest: `${links.self}/ingest` } },
    };
  }

  /** After the PUT: the upload is there, the track moves to `ingesting` once, and its workflow starts. Repeats are answered alike. */
  async function ingest(request: AuthenticatedRequest): Promise<ApiResponse> {
    const trackId = request.params.trackId!;
    const row = await visibleTrack(trackId, request.caller);
    if (!row) throw notFound(`No track ${trackId}`);
    const accepted = { status: 202, headers: { location: trackPath(trackId) }, body: { trackId, status: 'ingesting', links: { self: trackPath(trackId) } } };
    if (row.status === 'ingesting') return accepted;
    if (row.status !== 'awaiting_upload' || row.storageKey === null) {
      throw new HttpError(409, 'TrackAlreadyIngested', `Track ${trackId} is ${row.status}: it was ingested already`, { trackId, status: row.status });
    }
    if ((await storage.head(row.storageKey)) === null) {
      throw new HttpError(409, 'UploadMissing', `Track ${trackId} has no upload yet: PUT the file to the upload URL first`, { trackId });
    }
    const { count } = await db.track.updateMany({ where: { id: trackId, status: 'awaiting_upload' }, data: { status: 'ingesting' } });
    if (count === 1) await startIngestion(row, { kind: 'upload', storageKey: row.storageKey });
    return accepted;
  }

  /** Newest first, keyset-paged on (createdAt, id); a customer sees its own tracks, an operator every track. */
  async function list(request: AuthenticatedRequest): Promise<ApiResponse> {
    const query = parseQuery(listQuerySchema, request.query, 'track list query');
    const { caller } = request;
    const where: Prisma.TrackWhereInput = {
      AND: [
        caller.scope === 'operator' ? {} : { customerId: caller.customerId },
        query.status ? { status: query.status } : {},
        query.genre !== undefined ? { genre: { equals: query.genre, mode: 'insensitive' } } : {},
        query.bpmMin !== undefined || query.bpmMax !== undefined ? { bpm: { gte: query.bpmMin, lte: query.bpmMax } } : {},
        afterPosition(query.cursor === undefined ? undefined : decodeCursor(idSecret, 'tracks', query.cursor), 'id'),
      ],
    };
    const rows = await db.track.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: query.limit + 1 });
    return { status: 200, body: pageOf(rows, query, idSecret, 'tracks', (row) => row, (row) => trackView(row)) };
  }

  async function show(request: AuthenticatedRequest): Promise<ApiResponse> {
    const trackId = request.params.trackId!;
    const row = await visibleTrack(trackId, request.caller);
    if (!row) throw notFound(`No track ${trackId}`);
    const execution = row.status === 'ingesting' ? await temporal.describeTrackIngestion(trackId) : undefined;
    const progress = await liveProgress(execution, () => temporal.trackProgress(trackId, queryTimeoutMs), logger, { trackId });
    return { status: 200, body: trackView(row, progress) };
  }

  const location = { Location: 'Where the track is shown' };
  return [
    {
      method: 'POST',
      path: '/v1/tracks',
      access: 'customer',
      handler: create,
      doc: {
        operationId: 'addTrack',
        summary: 'Add a track to your catalog, by upload or from a URL',
        description:
          'With `sourceUrl` (a direct link to an audio file; no loopback, private or metadata addresses) the server fetches it and ingestion starts: 202. ' +
          'Without it, 201 with a presigned `upload` URL: PUT the file there, then `POST /v1/tracks/{trackId}/ingest`. ' +
          `Ingestion checks the file is audio of ${TRACK_LIMITS.minSeconds} s to ${TRACK_LIMITS.maxSeconds / 3600} h and at most ${TRACK_LIMITS.maxBytes / 1024 / 1024} MiB, ` +
          'measures tempo, beat grid, key, loudness, energy and phrases, and indexes its fingerprints; the track is then `ready` (or `failed` with the reason).',
        tag: 'tracks',
        body: { schema: trackRequestSchema, serverFields: SERVER_FIELDS, example: { title: 'Night Drive', artist: 'The Examples', genre: 'house', tags: ['warm-up', 'vinyl'] } },
        responses: {
          201: { description: 'Waiting for the upload', schema: trackAwaitingUploadSchema, headers: location },
          202: { description: 'Fetching and ingesting from `sourceUrl`', schema: trackIngestingSchema, headers: location },
        },
        errors: [],
      },
    },
    {
      method: 'POST',
      path: '/v1/tracks/:trackId/ingest',
      access: 'customer',
      handler: ingest,
      doc: {
        parameterExamples: { trackId: EXAMPLE_ID },
        operationId: 'ingestTrack',
        summary: 'Start ingesting an uploaded track',
        description: 'Once the file was PUT to the upload URL. Asking again while it is ingesting answers the same.',
        tag: 'tracks',
        params: trackParams,
        responses: { 202: { description: 'Ingesting', schema: trackIngestingSchema, headers: location } },
        errors: ['NotFound', 'UploadMissing', 'TrackAlreadyIngested'],
      },
    },
    {
      method: 'GET',
      path: '/v1/tracks',
      access: 'customer',
      handler: list,
      doc: {
        parameterExamples: { status: 'ready', genre: 'house', bpmMin: '118', bpmMax: '128', limit: '20' },
        operationId: 'listTracks',
        summary: 'Your catalog tracks, newest first',
        description: 'Pages of `limit` (1–100, default 20); pass `nextCursor` back as `cursor` for the next. Genre matches exactly, in any case.',
        tag: 'tracks',
        query: listQuerySchema,
        responses: { 200: { description: 'One page', schema: trackListSchema } },
        errors: [],
      },
    },
    {
      method: 'GET',
      path: '/v1/tracks/:trackId',
      access: 'customer',
      handler: show,
      doc: {
        parameterExamples: { trackId: EXAMPLE_ID },
        operationId: 'getTrack',
        summary: 'One catalog track: its status, live progress while ingesting, its measured features once ready',
        tag: 'tracks',
        params: trackParams,
        responses: { 200: { description: 'The track', schema: trackViewSchema } },
        errors: ['NotFound'],
      },
    },
  ];
}
