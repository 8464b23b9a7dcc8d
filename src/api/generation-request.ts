import { randomUUID } from 'node:crypto';
import { generationInputSchema, type GenerationPolicy, type ValidGenerationInput } from '../shared/messages/generation';
import { parseInput } from '../shared/validation';
import { isJsonObject } from './json-body';
import { parseRequest, requestDigest, requestObject } from './request-parsing';
import { uuidV5 } from './uuid-v5';

/** Namespace of job ids derived from Idempotency-Key; fixed forever, or old keys would map to new jobs. */
const IDEMPOTENT_JOB_NAMESPACE = '3c1f0e2a-6a4b-4f57-9d0e-8b7f2c5a9e14';
/** Fields the server owns: clients cannot choose their job id or loosen the retry policy. */
const SERVER_FIELDS = ['jobId', 'policy'] as const;

/** The body of POST /v1/generations as /openapi.json documents it: the workflow's input without the server's fields. */
export const generationRequestBody = { schema: generationInputSchema, serverFields: SERVER_FIELDS };

/** Same customer and key, same job id; without a key every request is a new job. */
export function jobIdFor(body: unknown, idempotencyKey: string | undefined): string {
  const customerId = isJsonObject(body) ? body.customerId : undefined;
  if (idempotencyKey === undefined || typeof customerId !== 'string') return randomUUID();
  return uuidV5(IDEMPOTENT_JOB_NAMESPACE, `${customerId}\n${idempotencyKey}`);
}

/**
 * A request body as the workflow's input: the server adds the job id and the configured policy, and the
 * shared schema (the one the workflow applies again at its boundary) decides what is valid.
 */
export function generationInputFrom(body: unknown, jobId: string, policy: GenerationPolicy): ValidGenerationInput {
  const asked = requestObject(body, SERVER_FIELDS, 'generation request');
  return parseRequest(() => parseInput(generationInputSchema, { ...asked, jobId, policy }, 'generation request'));
}

/** The request's fingerprint (see requestDigest); job id and policy are left out because the server chooses them. */
export function generationDigest(input: ValidGenerationInput): string {
  return requestDigest({ ...input, jobId: undefined, policy: undefined });
}
