import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { z } from 'zod';
import type { Caller } from './api-key-store';
import type { ApiDependencies } from './dependencies';
import { generationDigest, generationInputFrom, generationRequestBody } from './generation-request';
import { releaseGenerationSlot, reserveGenerationSlot } from './generation-slots';
import { generationPath, generationView } from './generation-view';
import { HttpError, notFound } from './http-error';
import { liveProgress } from './live-progress';
import { canSee, memoOwner } from './ownership';
import { idempotencyHeadersSchema, idempotencyKeyOf } from './request-parsing';
import { resourceIdFor } from './resource-ids';
import { EXAMPLE_ID } from './route-doc';
import { generationAcceptedSchema, generationViewSchema } from './response-schemas';
import type { ApiResponse, AuthenticatedRequest, Route } from './router';

const jobParams = z.strictObject({ jobId: z.uuid() });
const jobLocation = { Location: 'Where the job is shown' };

export function generationRoutes(deps: ApiDependencies): Route[] {
  const { temporal, db, logger, generationPolicy, queryTimeoutMs, idSecret, limits } = deps;

  /** The job as the caller may see it; undefined when it does not exist or belongs to another customer. */
  async function currentView(jobId: string, caller: Caller) {
    const [row, execution] = await Promise.all([db.generationJob.findUnique({ where: { jobId } }), temporal.describeGeneration(jobId)]);
    if (!row && !execution) return undefined;
    if (!canSee(caller, row?.customerId ?? memoOwner(execution))) return undefined;
    const progress = await liveProgress(execution, () => temporal.generationProgress(jobId, queryTimeoutMs), logger, { jobId });
    return generationView(jobId, row, execution, progress);
  }

  async function submit(request: AuthenticatedRequest): Promise<ApiResponse> {
    const { customerId } = request.caller;
    const body = await request.readBody();
    const jobId = resourceIdFor(idSecret, 'generation', customerId, idempotencyKeyOf(request.headers));
    const input = generationInputFrom(body, customerId, jobId, generationPolicy);
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
      path: '/v1/generations/:jobId',
      access: 'customer',
      handler: show,
      doc: {
        operationId: 'getGeneration',
        summary: 'A generation job: live progress while it runs, its result or error after',
        tag: 'generations',
        params: jobParams,
        parameterExamples: { jobId: EXAMPLE_ID },
        responses: { 200: { description: 'The job', schema: generationViewSchema } },
        errors: ['NotFound'],
      },
    },
  ];
}
