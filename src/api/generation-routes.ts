import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { GenerationStatus } from '../generated/prisma/enums';
import type { Caller } from './api-key-store';
import type { ApiDependencies } from './dependencies';
import { generationDigest, generationInputFrom, generationRequestBody } from './generation-request';
import { releaseCancelledGenerationSlot, releaseGenerationSlot, reserveGenerationSlot } from './generation-slots';
import { generationPath, generationSummary, generationView, isFinished, type GenerationView } from './generation-view';
import { HttpError, notFound } from './http-error';
import { createdAtWindow, listQuerySchema, pageOf, parseListQuery } from './list-query';
import { liveProgress } from './live-progress';
import { canSee, memoOwner } from './ownership';
import { idempotencyHeadersSchema, idempotencyKeyOf } from './request-parsing';
import { resourceIdFor } from './resource-ids';
import { EXAMPLE_ID } from './route-doc';
import { createSourceUrlCheck } from './source-url-check';
import { generationAcceptedSchema, generationCancellingSchema, generationListSchema, generationViewSchema } from './response-schemas';
import type { ApiResponse, AuthenticatedRequest, Route } from './router';

const jobParams = z.strictObject({ jobId: z.uuid() });
const generationListQuery = listQuerySchema(Object.values(GenerationStatus));
const jobLocation = { Location: 'Where the job is shown' };

export function generationRoutes(deps: ApiDependencies): Route[] {
  const { temporal, db, logger, generationPolicy, queryTimeoutMs, idSecret, limits, downloadLinks } = deps;
  const checkReferenceUrl = createSourceUrlCheck(deps.allowPrivateSourceHosts);

  /** Presigned links to the files of a completed job, when storage can sign them. */
  async function withDownloads(view: GenerationView): Promise<GenerationView> {
    const { result } = view;
    if (view.status !== 'completed' || !result?.previewKey || !result.metadataKey || !downloadLinks) return view;
    const link = async (key: string) => {
      const { url, expiresAt } = await downloadLinks.sign(key, downloadLinks.ttlSeconds);
      return { url, expiresAt: expiresAt.toISOString() };
    };
    const [master, preview, metadata] = await Promise.all([link(result.masterKey), link(result.previewKey), link(result.metadataKey)]);
    return { ...view, downloads: { master, preview, metadata } };
  }

  /** The job as the caller may see it; undefined when it does not exist or belongs to another customer. */
  async function currentView(jobId: string, caller: Caller) {
    const [row, execution] = await Promise.all([db.generationJob.findUnique({ where: { jobId } }), temporal.describeGeneration(jobId)]);
    if (!row && !execution) return undefined;
    if (!canSee(caller, row?.customerId ?? memoOwner(execution))) return undefined;
    const progress = await liveProgress(execution, () => temporal.generationProgress(jobId, queryTimeoutMs), logger, { jobId });
    return withDownloads(generationView(jobId, row, execution, progress));
  }

  /** The caller's own jobs, newest first, a keyset page at a time (list-query.ts). */
  async function list(request: AuthenticatedRequest): Promise<ApiResponse> {
    const query = parseListQuery<GenerationStatus>(generationListQuery, request.query, idSecret, 'generations');
    const rows = await db.generationJob.findMany({
      where: { customerId: request.caller.customerId, ...(query.status ? { status: query.status } : {}), ...createdAtWindow(query, 'jobId') },
      orderBy: [{ createdAt: 'desc' }, { jobId: 'desc' }],
      take: query.limit + 1,
    });
    const page = pageOf(rows, query, idSecret, 'generations', (row) => ({ createdAt: row.createdAt, id: row.jobId }), generationSummary);
    return { status: 200, body: page };
  }

  async function submit(request: AuthenticatedRequest): Promise<ApiResponse> {
    const { customerId } = request.caller;
    const body = await request.readBody();
    const jobId = resourceIdFor(idSecret, 'generation', customerId, idempotencyKeyOf(request.headers));
    const input = generationInputFrom(body, customerId, jobId, generationPolicy);
    if (input.referenceUrl !== undefined) await checkReferenceUrl(input.referenceUrl, 'referenceUrl', 'generation request');
    const digest = generationDigest(input);
    const location = { location: generationPath(input.jobId) };
    const reserved = await reserveGenerationSlot(db, input, limits.maxRunningGenerationsPerCustomer);
    try {
      const { workflowId } = await temporal.startGeneration(input, { requestDigest: digest, customerId });
      logger.info('generation started', { jobId: input.jobId, customerId, workflowId });
      return {
        status: 202,
        headers: location,
        body: { jobId: input.jobId, workflowId, status: 'queued', links: { self: generationPath(input.jobId) } },
      };
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) {
        if (reserved) await releaseGenerationSlot(db, input.jobId);
        throw error;
      }
    }
    const execution = await temporal.describeGeneration(input.jobId);
    if (!execution || execution.memo.requestDigest !== digest) {
      throw new HttpError(
        409,
        'IdempotencyKeyReused',
        'This Idempotency-Key was already used for a different request',
        { jobId: input.jobId, links: { self: generationPath(input.jobId) } },
        location,
      );
    }
    return { status: 200, headers: location, body: await currentView(input.jobId, request.caller) };
  }

  async function show(request: AuthenticatedRequest): Promise<ApiResponse> {
    const jobId = request.params.jobId!;
    const view = jobParams.safeParse(request.params).success ? await currentView(jobId, request.caller) : undefined;
    if (!view) throw notFound(`No generation job ${jobId}`);
    return { status: 200, body: view };
  }

  /** A cancelled job is shown again (cancelling is idempotent); a completed or failed one cannot be cancelled. */
  function finishedAnswer(view: GenerationView): ApiResponse {
    if (view.status === 'cancelled') return { status: 200, body: view };
    throw new HttpError(409, 'JobAlreadyFinished', `Job ${view.jobId} has already ${view.status === 'completed' ? 'completed' : 'failed'}`, {
      jobId: view.jobId,
      status: view.status,
      links: view.links,
    });
  }

  async function cancel(request: AuthenticatedRequest): Promise<ApiResponse> {
    const jobId = request.params.jobId!;
    const view = jobParams.safeParse(request.params).success ? await currentView(jobId, request.caller) : undefined;
    if (!view) throw notFound(`No generation job ${jobId}`);
    if (isFinished(view.status)) return finishedAnswer(view);
    try {
      await temporal.cancelGeneration(jobId);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      // It closed in the meantime (or Temporal no longer has it): answer as it ended.
      const closed = await currentView(jobId, request.caller);
      if (closed && isFinished(closed.status)) return finishedAnswer(closed);
      throw notFound(`Generation job ${jobId} no longer runs`);
    }
    await releaseCancelledGenerationSlot(db, jobId);
    logger.info('generation cancel requested', { jobId, customerId: request.caller.customerId });
    return { status: 202, headers: { location: generationPath(jobId) }, body: { jobId, status: 'cancelling', links: { self: generationPath(jobId) } } };
  }

  return [
    {
      method: 'POST',
      path: '/v1/generations',
      access: 'customer',
      handler: submit,
      doc: {
        operationId: 'startGeneration',
        summary: 'Start a music generation job',
        description: 'Starts musicGenerationWorkflow; the server chooses the job id and the retry policy.',
        tag: 'generations',
        headers: idempotencyHeadersSchema,
        parameterExamples: { 'Idempotency-Key': 'cooking-video-42' },
        body: {
          ...generationRequestBody,
          example: { prompt: 'warm acoustic background for a cooking video', mood: 'happy', instruments: ['acoustic guitar', 'piano'], durationSeconds: 30 },
        },
        responses: {
          202: { description: 'Started; follow `links.self`', schema: generationAcceptedSchema, headers: jobLocation },
          200: { description: 'The same Idempotency-Key with the same request: the existing job', schema: generationViewSchema, headers: jobLocation },
        },
        errors: ['IdempotencyKeyReused', 'TooManyRunningGenerations'],
      },
    },
    {
      method: 'GET',
      path: '/v1/generations',
      access: 'customer',
      handler: list,
      doc: {
        parameterExamples: { status: 'completed', createdAfter: '2026-01-01T00:00:00Z', createdBefore: '2030-01-01T00:00:00Z', limit: '20' },
        operationId: 'listGenerations',
        summary: "The caller's generation jobs, newest first",
        description:
          'One page of the jobs of the key\'s customer (an operator key lists its own customer\'s), ordered by creation time then id, newest first. ' +
          'Pass `nextCursor` as `cursor` for the next page; jobs created meanwhile never shift the pages still to come. Each item is the job\'s recorded row; `links.self` has live progress and downloads.',
        tag: 'generations',
        query: generationListQuery,
        responses: { 200: { description: 'A page of jobs', schema: generationListSchema } },
        errors: [],
      },
    },
    {
      method: 'GET',
      path: '/v1/generations/:jobId',
      access: 'customer',
      handler: show,
      doc: {
        operationId: 'getGeneration',
        summary: 'A generation job: live progress while it runs, its result, download links or error after',
        description:
          '`status` is `completed` only once the result is recorded; then `downloads` holds presigned GET links to the master WAV, the MP3 preview and the metadata JSON ' +
          '(valid DOWNLOAD_URL_TTL_SECONDS, default 900 s; a new GET signs new ones). Storage on a local directory signs no links.',
        tag: 'generations',
        params: jobParams,
        parameterExamples: { jobId: EXAMPLE_ID },
        responses: { 200: { description: 'The job', schema: generationViewSchema } },
        errors: ['NotFound'],
      },
    },
    {
      method: 'POST',
      path: '/v1/generations/:jobId/cancel',
      access: 'customer',
      handler: cancel,
      doc: {
        parameterExamples: { jobId: EXAMPLE_ID },
        operationId: 'cancelGeneration',
        summary: 'Cancel a generation job that is queued, running or needs attention',
        description:
          'Cancels musicGenerationWorkflow: the running step stops, the job\'s scratch files and any partly uploaded result are removed, ' +
          'an open dead letter is closed, and the job ends `cancelled` (follow `links.self`). The job gives back its place under the ' +
          'running-generation cap at once. A task already submitted to Mureka cannot be cancelled there (its API has no cancel): it is ' +
          'abandoned and never submitted again. Cancelling a cancelled job answers 200 with the job.',
        tag: 'generations',
        params: jobParams,
        responses: {
          202: { description: 'Cancelling; follow `links.self` until the status is `cancelled`', schema: generationCancellingSchema, headers: jobLocation },
          200: { description: 'Already cancelled: the job', schema: generationViewSchema },
        },
        errors: ['NotFound', 'JobAlreadyFinished'],
      },
    },
  ];
}
