import { autoDjPlanInputSchema, type ValidAutoDjPlanInput } from '../shared/messages/autodj';
import { parseInput } from '../shared/validation';
import { parseRequest, requestDigest, requestObject } from './request-parsing';

/** A request body as autoDjPlanningWorkflow's input: the server adds the plan id and the caller's customer, the shared schema decides. */
export function planInputFrom(body: unknown, customerId: string, planId: string): ValidAutoDjPlanInput {
  const asked = requestObject(body, ['planId', 'customerId'], 'Auto DJ plan request');
  return parseRequest(() => parseInput(autoDjPlanInputSchema, { ...asked, customerId, planId }, 'Auto DJ plan request'));
}

export function planDigest(input: ValidAutoDjPlanInput): string {
  return requestDigest({ ...input, planId: undefined });
}
