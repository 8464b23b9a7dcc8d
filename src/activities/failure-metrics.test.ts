import { CancelledFailure } from '@temporalio/common';
import { PlannerInputError } from '../planner/errors';
import { ErrorType, permanentFailure, transientFailure } from '../shared/errors';
import { failureLabels } from './failure-metrics';

it('labels a typed failure with its type and whether it is retried', () => {
  expect(failureLabels(transientFailure(ErrorType.RateLimited, 'slow down'))).toEqual({ type: 'RateLimited', retryable: 'true' });
  expect(failureLabels(permanentFailure(ErrorType.InsufficientCredits, 'top up'))).toEqual({ type: 'InsufficientCredits', retryable: 'false' });
});

it('labels a domain error as the activity turns it into a failure', () => {
  expect(failureLabels(new PlannerInputError('pool', 'must not be empty', 'the pool is empty'))).toEqual({ type: ErrorType.InvalidInput, retryable: 'false' });
});

it("labels anything else by the error's name", () => {
  expect(failureLabels(new CancelledFailure('worker shutting down'))).toEqual({ type: 'CancelledFailure', retryable: 'true' });
  expect(failureLabels(new TypeError('x is undefined'))).toEqual({ type: 'TypeError', retryable: 'true' });
  expect(failureLabels('thrown string')).toEqual({ type: 'Unclassified', retryable: 'true' });
});
