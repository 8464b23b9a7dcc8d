import { ApplicationFailure } from '@temporalio/common';
import { PlannerInputError } from '../planner/errors';
import { ErrorType } from '../shared/errors';
import { asActivityFailure } from './domain-failures';

describe('asActivityFailure', () => {
  it("turns a planner input error into a non-retryable InvalidInput whose message names the field, as the API's 400s do", () => {
    const failure = asActivityFailure(new PlannerInputError('targetDurationSeconds', 'unreachable', 'the whole pool plays for at most 342 s, less than the target'));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    const { type, nonRetryable, message, details } = failure as ApplicationFailure;
    expect({ type, nonRetryable, message, details }).toEqual({
      type: ErrorType.InvalidInput,
      nonRetryable: true,
      message: 'targetDurationSeconds: the whole pool plays for at most 342 s, less than the target',
      details: [{ problems: [{ field: 'targetDurationSeconds', rule: 'unreachable' }] }],
    });
  });
});
