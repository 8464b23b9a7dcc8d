import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { z } from 'zod';
import type { WorkflowExecutionSummary } from '../client';
import type { ApiDependencies } from './dependencies';
import { generationDigest, generationInputFrom, jobIdFor } from './generation-request';
import { generationPath, generationView } from './generation-view';
import { HttpError, notFound } from './http-error';
import { liveProgress } from './live-progress';
import { idempotencyKeyOf } from './request-parsing';
import type { ApiRequest, ApiResponse, Route } from './router';

const isUuid = (text: string) => z.uuid().safeParse(text).success;

export function generationRoutes(deps: ApiDependencies): Route[] {
  const { temporal, db, logger, generationPolicy, queryTimeoutMs } = deps;

  async function currentView(jobId: string, knownExecution?: WorkflowExecutionSummary) {
    const [row, execution] = await Promise.all([
      db.generationJob.findUnique({ where: { jobId } }),
      knownExecution ?? temporal.describeGeneration(jobId),
    ]);
    if (!row && !execution) return undefined;
    const progress = await liveProgress(execution, () => temporal.generationProgress(jobId, queryTimeoutMs), logger, { jobId });
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
    const view = isUuid(jobId) ? await currentView(jobId) : undefined;
    if (!view) throw notFound(`No generation job ${jobId}`);
    return { status: 200, body: view };
  }

  return [
    { method: 'POST', path: '/v1/generations', handler: submit },
    { method: 'GET', path: '/v1/generations/:jobId', handler: show },
  ];
}
