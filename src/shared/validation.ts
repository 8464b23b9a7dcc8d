import type { z } from 'zod';
import { ErrorType, permanentFailure } from './errors';

/**
 * Parses a message with its schema. Invalid input becomes one non-retryable `InvalidInput` failure whose
 * message names every offending field and rule, and whose details carry them as data for the API.
 * Used alike by the API, the client and every workflow boundary.
 */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown, messageName: string): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : '(input)',
    rule: issue.message,
  }));
  const summary = problems.map((problem) => `${problem.field}: ${problem.rule}`).join('; ');
  throw permanentFailure(ErrorType.InvalidInput, `Invalid ${messageName}: ${summary}`, { problems });
}
