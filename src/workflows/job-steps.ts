import { ActivityFailure, ApplicationFailure, proxyActivities, setCurrentDetails, type ActivityInterfaceFor, type ActivityOptions, type RetryPolicy } from '@temporalio/workflow';
import { ErrorType, nonRetryableErrorTypes } from '../shared/errors';
import type { StepRetry } from '../shared/step-retry';

/**
 * The step bookkeeping both stateful workflows share: the current step and its percent, when it last
 * changed, the last error, the Web UI's current details, how a failed step is described, and the retry
 * policy of each step's activities built from the job's policy.
 */
export class JobSteps<Step extends string> {
  readonly startedAt = new Date().toISOString();
  updatedAt = this.startedAt;
  percent = 0;
  lastError?: { step: Step; type: string; message: string };

  constructor(
    private readonly stepPercent: Readonly<Partial<Record<Step, number>>>,
    public step: Step,
  ) {}

  /** Moves to `step` (its percent when it has one) and shows it, with `note` after it, in the Web UI. */
  enter(step: Step, note?: string): void {
    this.step = step;
    this.percent = this.stepPercent[step] ?? this.percent;
    this.show(note);
  }

  /** Progress within the current step. */
  advance(percent: number, note?: string): void {
    this.percent = percent;
    this.show(note);
  }

  /** The last error as the Web UI and the job rows show it. */
  errorNote(): string | undefined {
    return this.lastError && `${this.lastError.type}: ${this.lastError.message}`;
  }

  private show(note: string | undefined): void {
    this.updatedAt = new Date().toISOString();
    setCurrentDetails(`**${this.step}** (${this.percent} %)${note ? ` — ${note}` : ''}`);
  }
}

/** How a step ended when it did not succeed. */
export interface StepFailure {
  type: string;
  message: string;
  details?: unknown[];
  /** Given up on at once (a non-retryable type) rather than after its retries ran out. */
  permanent: boolean;
}

/**
 * Typed failures keep their type and details. Anything else that reaches the workflow (a timeout, an
 * untyped error) means the activity's retries ran out: one rule for both workflows, type `StepExhausted`.
 */
export function describeFailure(error: unknown, attempts: number): StepFailure {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure) {
    const type = cause.type ?? 'Error';
    const permanent = cause.nonRetryable || (nonRetryableErrorTypes as readonly string[]).includes(type);
    return { type, message: cause.message, details: cause.details ?? undefined, permanent };
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  return { type: ErrorType.StepExhausted, message: `${message} (after ${attempts} attempts)`, permanent: false };
}

/** Exponential backoff from the policy's initial interval, ×2, capped, bounded attempts, typed non-retryables. */
export function stepRetryPolicy(policy: StepRetry, maximumAttempts = policy.stepAttempts): RetryPolicy {
  return {
    initialInterval: policy.retryInitialIntervalSeconds * 1000,
    backoffCoefficient: 2,
    maximumInterval: policy.retryMaximumIntervalSeconds * 1000,
    maximumAttempts,
    nonRetryableErrorTypes: [...nonRetryableErrorTypes],
  };
}

export type ActivityTimeouts = Pick<ActivityOptions, 'startToCloseTimeout' | 'heartbeatTimeout'>;

/**
 * Activity proxies for one step: its summary in the Web UI, its timeouts, the job's retry policy, the
 * task-queue priority its tasks carry when the workflow sets one, and how a cancel reaches them (the SDK's
 * effective default is TRY_CANCEL: the workflow moves on while the activity may still run).
 */
export function stepActivities<Activities extends object>(
  policy: StepRetry,
  summary: string,
  timeouts: ActivityTimeouts,
  {
    maximumAttempts = policy.stepAttempts,
    priority,
    cancellationType,
  }: { maximumAttempts?: number; priority?: ActivityOptions['priority']; cancellationType?: ActivityOptions['cancellationType'] } = {},
): ActivityInterfaceFor<Activities> {
  return proxyActivities<Activities>({
    ...timeouts,
    summary,
    retry: stepRetryPolicy(policy, maximumAttempts),
    ...(priority ? { priority } : {}),
    ...(cancellationType ? { cancellationType } : {}),
  });
}
