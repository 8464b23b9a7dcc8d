import { autoDjPlanInputSchema, type PlanningPolicyInput, type ValidAutoDjPlanInput } from '../contracts/autodj-planning';
import { parseInput } from '../shared/validation';
import { parseRequest, requestDigest, requestObject } from './request-parsing';

/** Fields the server owns: clients cannot choose their plan id or policy, or name a customer (the API key's). */
const SERVER_FIELDS = ['planId', 'customerId', 'policy'] as const;

/** The body of POST /v1/plans as /openapi.json documents it: the workflow's input without the server's fields. */
export const planRequestBody = { schema: autoDjPlanInputSchema, serverFields: SERVER_FIELDS };

/** A request body as autoDjPlanningWorkflow's input: the server adds the plan id, the caller's customer and the configured policy; the shared schema decides. */
export function planInputFrom(body: unknown, customerId: string, planId: string, policy: PlanningPolicyInput): ValidAutoDjPlanInput {
  const asked = requestObject(body, SERVER_FIELDS, 'Auto DJ plan request');
  return parseRequest(() => parseInput(autoDjPlanInputSchema, { ...asked, customerId, planId, policy }, 'Auto DJ plan request'));
}

/** The request's fingerprint; plan id and policy are left out because the server chooses them. */
export function planDigest(input: ValidAutoDjPlanInput): string {
  return requestDigest({ ...input, planId: undefined, policy: undefined });
}
