import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { z } from 'zod';
import type { WorkflowExecutionSummary } from '../client';
import type { GenerationProgress } from '../shared/messages/generation';
import type { ApiDependencies } from './dependencies';
import { generationDigest, generationInputFrom, generationRequestBody, jobIdFor } from './generation-request';
import { generationPath, generationView } from './generation-view';
import { HttpError, notFound } from './http-error';
import { idempotencyHeadersSchema, idempotencyKeyOf } from './request-parsing';
import { generationAcceptedSchema, generationViewSchema } from './response-schemas';
import type { ApiRequest, ApiResponse, Route } from './router';

const jobParams = z.strictObject({ jobId: z.uuid() });
const jobLocation = { Location: 'Where the job is shown' };

export function generationRoutes(deps: ApiDependencies): Route[] {
  const { temporal, db, logger, generationPolicy, queryTimeoutMs } = deps;

  async function currentView(jobId: string, knownExecution?: WorkflowExecutionSummary) {
    const [row, execution] = await Promise.all([
      db.generationJob.findUnique({ where: { jobId } }),
      knownExecution ?? temporal.describeGeneration(jobId),
    ]);
    if (!row && !execution) return undefined;
    let progress: GenerationProgress | undefined;
    if (execution?.status === 'RUNNING') {
      try {
        progress = await temporal.generationProgress(jobId, queryTimeoutMs);
      } catch (error) {
        // No worker answered in time: the row still tells the last recorded step.
        logger.warn('progress query failed; answering from the database', { jobId, error });
      }
    }
    return generationView(jobId, row, execution, progress);
  }

  async function submit(request: ApiRequest): Promise<ApiResponse> {
    const body = await request.readBody();
    const idempotencyKey = idempotencyKeyOf(request.headers);
    const input = generationInputFrom(body, jobIdFor(body, idempotencyKey), generationPolicy);
    const digest = generationDigest(input);
    const location = { location: generationPath(input.jobId) };
    try {
      const { workflowId } = await temporal.startGeneration(input, { requestDigest: digest });
      logger.info('generation started', { jobId: input.jobId, customerId: input.customerId, workflowId });
      return {
        status: 202,
        headers: location,
        body: { jobId: input.jobId, workflowId, status: 'queued', links: { self: generationPath(input.jobId) } },
      };
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
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
    return { status: 200, headers: location, body: await currentView(input.jobId, execution) };
  }

  async function show(request: ApiRequest): Promise<ApiResponse> {
    const jobId = request.params.jobId!;
    const view = jobParams.safeParse(request.params).success ? await currentView(jobId) : undefined;
    if (!view) throw notFound(`No generation job ${jobId}`);
    return { status: 200, body: view };
  }

  return [
    {
      method: 'POST',
      path: '/v1/generations',
      handler: submit,
      doc: {
        operationId: 'startGeneration',
        summary: 'Start a music generation job',
        description: 'Starts musicGenerationWorkflow; the server chooses the job id and the retry policy.',
        tag: 'generations',
        access: 'customer',
        headers: idempotencyHeadersSchema,
        body: {
          ...generationRequestBody,
          example: { customerId: 'acme', prompt: 'warm acoustic background for a cooking video', mood: 'happy', instruments: ['acoustic guitar', 'piano'], durationSeconds: 30 },
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
      handler: show,
      doc: {
        operationId: 'getGeneration',
        summary: 'A generation job: live progress while it runs, its result or error after',
        tag: 'generations',
        access: 'customer',
        params: jobParams,
        responses: { 200: { description: 'The job', schema: generationViewSchema } },
        errors: ['NotFound'],
      },
    },
  ];
}
