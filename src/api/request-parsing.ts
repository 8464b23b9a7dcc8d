import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { ErrorType } from '../shared/errors';
import { parseInput } from '../shared/validation';
import { invalidInput, type Problem } from './http-error';
import { isJsonObject } from './json-body';

const IDEMPOTENCY_KEY_RULE = 'must be 1-255 visible ASCII characters';
const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, IDEMPOTENCY_KEY_RULE)
  .describe('The same key with the same request answers the existing object (200), with a different one 409');

/** The headers a submit route reads, as /openapi.json documents them. */
export const idempotencyHeadersSchema = z.object({ 'Idempotency-Key': idempotencyKeySchema.optional() });

/** The Idempotency-Key header, if given: 1-255 visible ASCII characters. */
export function idempotencyKeyOf(headers: IncomingHttpHeaders): string | undefined {
  const key = headers['idempotency-key'];
  if (key === undefined) return undefined;
  const parsed = idempotencyKeySchema.safeParse(key);
  if (!parsed.success) throw invalidInput('Invalid Idempotency-Key header', [{ field: 'Idempotency-Key', rule: IDEMPOTENCY_KEY_RULE }]);
  return parsed.data;
}

/** The body as a JSON object, refusing fields the server sets itself (ids, policies) with a 400 naming them. */
export function requestObject(body: unknown, serverOwned: readonly string[], messageName: string): Record<string, unknown> {
  if (!isJsonObject(body)) {
    throw invalidInput('The request body must be a JSON object', [{ field: '(body)', rule: 'must be a JSON object' }]);
  }
  const given = serverOwned.filter((field) => field in body);
  if (given.length > 0) {
    const problems = given.map((field) => ({ field, rule: 'is set by the server' }));
    throw invalidInput(`Invalid ${messageName}: ${given.join(', ')} is set by the server`, problems);
  }
  return body;
}

/**
 * The query's parameters as an object for a schema. A parameter given twice (`?limit=1&limit=100`) is a 400 naming
 * it: which of the two counts would otherwise depend on the parser, and a proxy in front may read the other.
 */
export function queryParameters(query: URLSearchParams, messageName: string): Record<string, string> {
  const repeated = [...new Set([...query.keys()].filter((name) => query.getAll(name).length > 1))];
  if (repeated.length > 0) {
    const problems = repeated.map((field) => ({ field, rule: 'must be given at most once' }));
    throw invalidInput(`Invalid ${messageName}: ${repeated.join(', ')} must be given at most once`, problems);
  }
  return Object.fromEntries(query);
}

/** A request's query parsed by a shared schema: a repeated or broken parameter is a 400 naming it. */
export function parseQuery<Schema extends z.ZodType>(schema: Schema, query: URLSearchParams, messageName: string): z.output<Schema> {
  return parseRequest(() => parseInput(schema, queryParameters(query, messageName), messageName));
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
 * Fingerprint of what was asked for (key order and undefined fields do not count), kept in the workflow's
 * memo: a repeated Idempotency-Key with the same request is a replay (200), with a different one a conflict (409).
 */
export function requestDigest(asked: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson(asked)).digest('hex');
}
