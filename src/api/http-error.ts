/** A field and the rule it broke, as the API reports them (same shape as parseInput's problems). */
export interface Problem {
  field: string;
  rule: string;
}

/**
 * An answer other than success, thrown by handlers and turned into `{error: {type, message, ...details}}`
 * by the server. `type` is a stable name clients switch on; `message` is for people.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }

  get body(): { error: Record<string, unknown> } {
    return { error: { type: this.type, message: this.message, ...this.details } };
  }
}

export function invalidInput(message: string, problems: Problem[]): HttpError {
  return new HttpError(400, 'InvalidInput', message, { problems });
}

export function notFound(message: string): HttpError {
  return new HttpError(404, 'NotFound', message);
}
