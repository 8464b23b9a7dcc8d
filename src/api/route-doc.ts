import type { z } from 'zod';

/** Every error `type` the API answers (`{error: {type, message, ...}}`), its status and when. */
export const API_ERRORS = {
  InvalidInput: { status: 400, when: 'the body, query or a header breaks the schema; `problems` names each field and rule' },
  Unauthorized: { status: 401, when: 'no API key, or an unknown or revoked one' },
  Forbidden: { status: 403, when: 'a customer key on an operator route' },
  NotFound: { status: 404, when: 'no such object (or it belongs to another customer)' },
  IdempotencyKeyReused: { status: 409, when: 'the Idempotency-Key was already used for a different request' },
  JobAlreadyFinished: { status: 409, when: 'the job has already completed or failed; the answer names its status' },
  DeadLetterNotOpen: { status: 409, when: 'the dead letter was already decided or expired, or its job is no longer waiting on it' },
  PlanNotReady: { status: 409, when: 'the plan is still planning or failed: there is nothing to draw' },
  WebhookLimitReached: { status: 409, when: 'the customer already has the most webhook endpoints allowed (20): delete one first' },
  UploadMissing: { status: 409, when: "ingestion was asked for before the track's file was PUT to its upload URL" },
  TrackAlreadyIngested: { status: 409, when: 'the track is ready or failed already: add it again to ingest another file' },
  PayloadTooLarge: { status: 413, when: 'the body is larger than the limit (1 MiB)' },
  UnsupportedMediaType: { status: 415, when: 'the body is declared as something other than JSON' },
  RateLimited: { status: 429, when: "the customer's request rate limit; `Retry-After` says when to try again" },
  TooManyRunningGenerations: { status: 429, when: "the customer's cap on running generations; `Retry-After` says when to try again" },
  InternalError: { status: 500, when: 'anything unexpected; the details go to the log, not to the client' },
} as const satisfies Record<string, { status: number; when: string }>;
export type ApiErrorType = keyof typeof API_ERRORS;

/** The id in example requests: well-formed, so "Try it out" in /docs gets the route's real 404 rather than a 400. */
export const EXAMPLE_ID = '3f1c2b9e-5d4a-4e8b-9c7d-2a6f0e1b8c4d';

export interface ResponseDoc {
  description: string;
  /**
   * The body's schema (src/api/response-schemas.ts); sent as JSON unless `contentType` says otherwise (several when
   * the request decides which). None: no body (204).
   */
  schema?: z.ZodType;
  contentType?: string | readonly string[];
  /** Response headers by name, with what they carry. */
  headers?: Record<string, string>;
}

/**
 * What /openapi.json says about a route, kept on the route itself so the router and the document cannot
 * drift: the schemas here are the ones the handler validates with.
 */
export interface RouteDoc {
  operationId: string;
  summary: string;
  description?: string;
  tag: 'health' | 'generations' | 'dead letters' | 'plans' | 'tracks' | 'webhooks' | 'docs';
  /** The `:name` segments of the path. */
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  /**
   * A value for each path, query and header parameter, shown as the example request in /docs ("Try it out" fills
   * them in); a unit test checks each against the route's schemas.
   */
  parameterExamples?: Record<string, string>;
  /**
   * The JSON body; `serverFields` are left out of the document because the server refuses them (400).
   * `example` is a valid body (a unit test checks it against the schema), shown to readers and sent by fuzzers.
   */
  body?: { schema: z.ZodType; serverFields?: readonly string[]; example: Record<string, unknown> };
  /** Answers other than errors, by status. */
  responses: Record<number, ResponseDoc>;
  /**
   * Errors particular to this route. The document adds the ones every route of its kind can answer:
   * InternalError everywhere, InvalidInput with a body, query or headers, PayloadTooLarge and
   * UnsupportedMediaType with a body, Unauthorized and RateLimited behind a key, Forbidden on operator routes.
   */
  errors: readonly ApiErrorType[];
}
