import { randomUUID } from 'node:crypto';
import { autoDjPlanInputSchema, type ValidAutoDjPlanInput } from '../shared/messages/autodj';
import { parseInput } from '../shared/validation';
import { parseRequest, requestDigest, requestObject } from './request-parsing';
import { uuidV5 } from './uuid-v5';

/** Namespace of plan ids derived from Idempotency-Key; fixed forever, or old keys would map to new plans. */
const IDEMPOTENT_PLAN_NAMESPACE = '9b4d2c7e-1f3a-4e8b-a6d5-0c2e7f9a3b61';

/** Fields the server owns: clients cannot choose their plan id. */
const SERVER_FIELDS = ['planId'] as const;

/** The body of POST /v1/plans as /openapi.json documents it: the workflow's input without the server's fields. */
export const planRequestBody = { schema: autoDjPlanInputSchema, serverFields: SERVER_FIELDS };

/** Plans belong to no customer field, so the key alone names the plan. */
export function planIdFor(idempotencyKey: string | undefined): string {
  return idempotencyKey === undefined ? randomUUID() : uuidV5(IDEMPOTENT_PLAN_NAMESPACE, idempotencyKey);
}

/** A request body as autoDjPlanningWorkflow's input: the server adds the plan id, the shared schema decides. */
export function planInputFrom(body: unknown, planId: string): ValidAutoDjPlanInput {
  const asked = requestObject(body, SERVER_FIELDS, 'Auto DJ plan request');
  return parseRequest(() => parseInput(autoDjPlanInputSchema, { ...asked, planId }, 'Auto DJ plan request'));
}

export function planDigest(input: ValidAutoDjPlanInput): string {
  return requestDigest({ ...input, planId: undefined });
}
