import { createHash, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ApplicationFailure } from '@temporalio/common';
import { ErrorType } from '../shared/errors';
import { generationInputSchema, type GenerationPolicy, type ValidGenerationInput } from '../shared/messages/generation';
import { parseInput } from '../shared/validation';
import { invalidInput, type Problem } from './http-error';
import { isJsonObject } from './json-body';
import { uuidV5 } from './uuid-v5';

/** Namespace of job ids derived from Idempotency-Key; fixed forever, or old keys would map to new jobs. */
const IDEMPOTENT_JOB_NAMESPACE = '3c1f0e2a-6a4b-4f57-9d0e-8b7f2c5a9e14';
const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** Fields the server owns: clients cannot choose their job id or loosen the retry policy. */
const SERVER_FIELDS = ['jobId', 'policy'] as const;

/** The Idempotency-Key header, if given: 1-255 visible ASCII characters. */
export function idempotencyKeyOf(headers: IncomingHttpHeaders): string | undefined {
  const key = headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw invalidInput('Invalid Idempotency-Key header', [{ field: 'Idempotency-Key', rule: 'must be 1-255 visible ASCII characters' }]);
  }
  return key;
}

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
  if (!isJsonObject(body)) {
    throw invalidInput('The request body must be a JSON object', [{ field: '(body)', rule: 'must be a JSON object' }]);
  }
  const serverOwned = SERVER_FIELDS.filter((field) => field in body);
  if (serverOwned.length > 0) {
    const problems = serverOwned.map((field) => ({ field, rule: 'is set by the server' }));
    throw invalidInput(`Invalid generation request: ${serverOwned.join(', ')} is set by the server`, problems);
  }
  return parseRequest(() => parseInput(generationInputSchema, { ...body, jobId, policy }, 'generation request'));
}

/** Runs a shared-schema parse and turns its InvalidInput failure into a 400 with the same problems. */
export function parseRequest<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ApplicationFailure && error.type === ErrorType.InvalidInput) {
      const details = error.details?.[0] as { problems?: Problem[] } | undefined;
      throw invalidInput(error.message, details?.problems ?? []);
    }
    throw error;
  }
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isJsonObject(value)) {
    const entries = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Fingerprint of what was asked for, kept in the workflow's memo: a repeated Idempotency-Key with the same
 * request is a replay (200), with a different one a conflict (409). Job id and policy are left out because
 * the server chooses them.
 */
export function requestDigest(input: ValidGenerationInput): string {
  const { jobId: _jobId, policy: _policy, ...asked } = input;
  return createHash('sha256').update(canonicalJson(asked)).digest('hex');
}
