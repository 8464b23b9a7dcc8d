import { generationInputSchema, type GenerationPolicyInput, type ValidGenerationInput } from '../contracts/music-generation';
import { parseInput } from '../shared/validation';
import { parseRequest, requestDigest, requestObject } from './request-parsing';

/**
 * Fields the server owns: clients cannot choose their job id, loosen the retry policy, or name a customer
 * (the customer is the API key's).
 */
const SERVER_FIELDS = ['jobId', 'policy', 'customerId'] as const;

/** The body of POST /v1/generations as /openapi.json documents it: the workflow's input without the server's fields. */
export const generationRequestBody = { schema: generationInputSchema, serverFields: SERVER_FIELDS };

/**
 * A request body as the workflow's input: the server adds the job id, the caller's customer and the configured
 * policy, and the shared schema (the one the workflow applies again at its boundary) decides what is valid.
 */
export function generationInputFrom(body: unknown, customerId: string, jobId: string, policy: GenerationPolicyInput): ValidGenerationInput {
  const asked = requestObject(body, SERVER_FIELDS, 'generation request');
  return parseRequest(() => parseInput(generationInputSchema, { ...asked, customerId, jobId, policy }, 'generation request'));
}

/** The request's fingerprint (see requestDigest); job id and policy are left out because the server chooses them. */
export function generationDigest(input: ValidGenerationInput): string {
  return requestDigest({ ...input, jobId: undefined, policy: undefined });
}
