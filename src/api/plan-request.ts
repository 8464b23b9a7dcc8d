import { randomUUID } from 'node:crypto';
import { autoDjPlanInputSchema, type ValidAutoDjPlanInput } from '../contracts/autodj-planning';
import type { StepRetry } from '../shared/step-retry';
import { parseInput } from '../shared/validation';
import { parseRequest, requestDigest, requestObject } from './request-parsing';
import { uuidV5 } from './uuid-v5';

/** Namespace of plan ids derived from Idempotency-Key; fixed forever, or old keys would map to new plans. */
const IDEMPOTENT_PLAN_NAMESPACE = '9b4d2c7e-1f3a-4e8b-a6d5-0c2e7f9a3b61';

/** Plans belong to no customer field, so the key alone names the plan. */
export function planIdFor(idempotencyKey: string | undefined): string {
  return idempotencyKey === undefined ? randomUUID() : uuidV5(IDEMPOTENT_PLAN_NAMESPACE, idempotencyKey);
}

/** A request body as autoDjPlanningWorkflow's input: the server adds the plan id and the configured policy, the shared schema decides. */
export function planInputFrom(body: unknown, planId: string, policy: StepRetry): ValidAutoDjPlanInput {
  const asked = requestObject(body, ['planId', 'policy'], 'Auto DJ plan request');
  return parseRequest(() => parseInput(autoDjPlanInputSchema, { ...asked, planId, policy }, 'Auto DJ plan request'));
}

/** The request's fingerprint; plan id and policy are left out because the server chooses them. */
export function planDigest(input: ValidAutoDjPlanInput): string {
  return requestDigest({ ...input, planId: undefined, policy: undefined });
}
