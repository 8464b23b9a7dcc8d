import { ApplicationFailure } from '@temporalio/common';
import { generationInputSchema } from '../contracts/music-generation';
import { cleanupInputSchema } from '../contracts/cleanup';
import { usageReportInputSchema } from '../contracts/usage-report';
import { parseInput } from './validation';

function failureOf(run: () => unknown): ApplicationFailure {
  try {
    run();
  } catch (error) {
    return error as ApplicationFailure;
  }
  throw new Error('expected a failure');
}

describe('parseInput', () => {
  it('returns the parsed message with defaults filled in', () => {
    const input = parseInput(generationInputSchema, { jobId: '6f1c2b1e-3a55-4e8b-9d6a-2f0b9c1d7e11', customerId: 'acme', mood: 'calm', durationSeconds: 30 }, 'generation input');
    expect(input.isSceneAware).toBe(false);
    expect(input.policy).toMatchObject({ retryInitialIntervalSeconds: 5, stepAttempts: 5 });
  });

  it('fails with one non-retryable InvalidInput naming every field and rule, also as data', () => {
    const failure = failureOf(() => parseInput(cleanupInputSchema, { tempMaxAgeHours: 0, orphanAfterDays: 'seven' }, 'cleanup input'));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure.type).toBe('InvalidInput');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toMatch(/^Invalid cleanup input: tempMaxAgeHours: .*; orphanAfterDays: /);
    const problems = (failure.details?.[0] as { problems: { field: string }[] }).problems;
    expect(problems.map((problem) => problem.field)).toEqual(['tempMaxAgeHours', 'orphanAfterDays']);
  });

  it('rejects unknown fields instead of silently dropping them', () => {
    const failure = failureOf(() => parseInput(usageReportInputSchema, { period: 'yesterday' }, 'usage report input'));
    expect(failure.message).toMatch(/period/);
  });

  it('normalises instrument names and refuses unknown ones', () => {
    const base = { jobId: '6f1c2b1e-3a55-4e8b-9d6a-2f0b9c1d7e11', customerId: 'acme', mood: 'calm', durationSeconds: 30 };
    expect(parseInput(generationInputSchema, { ...base, instruments: ['Electric_Guitar'] }, 'g').instruments).toEqual(['electric guitar']);
    expect(failureOf(() => parseInput(generationInputSchema, { ...base, instruments: ['kazoo'] }, 'g')).message).toMatch(/instruments\.0: must be one of/);
  });
});
