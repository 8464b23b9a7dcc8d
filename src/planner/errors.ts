/**
 * Invalid planner input. The workflow layer maps it to a non-retryable failure, so it carries
 * machine-readable `field` and `rule` instead of leaving callers to parse the message.
 */
export class PlannerInputError extends Error {
  override readonly name = 'PlannerInputError';

  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}
