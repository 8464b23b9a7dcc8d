import { HttpError } from './http-error';
import { generationDigest, generationInputFrom, jobIdFor } from './generation-request';
import { idempotencyKeyOf } from './request-parsing';

const policy = {
  retryInitialIntervalSeconds: 5,
  retryMaximumIntervalSeconds: 300,
  stepAttempts: 5,
  pollIntervalSeconds: 5,
  maxGenerationMinutes: 20,
  deadLetterWaitHours: 72,
};
const jobId = '7f2a7d2e-64a5-4c39-9b3f-3a8f4a3f9d11';

function problemsOf(action: () => unknown) {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(400);
    return (error as HttpError).body.error.problems;
  }
  throw new Error('expected a 400');
}

it('adds the job id and the configured policy to a valid body', () => {
  const input = generationInputFrom({ customerId: 'acme', mood: 'calm', durationSeconds: 30 }, jobId, policy);
  expect(input).toMatchObject({ jobId, customerId: 'acme', mood: 'calm', durationSeconds: 30, isSceneAware: false, policy });
});

it('names the field and the rule of every problem', () => {
  expect(problemsOf(() => generationInputFrom({ customerId: 'acme', durationSeconds: 30, referenceUrl: 'file:///etc/passwd' }, jobId, policy))).toEqual([
    { field: 'referenceUrl', rule: 'must be an absolute http(s) URL' },
  ]);
  expect(problemsOf(() => generationInputFrom({ customerId: 'a/b', prompt: 'x', durationSeconds: 30 }, jobId, policy))).toEqual([
    { field: 'customerId', rule: expect.stringMatching(/letters, digits/) },
  ]);
});

it('refuses bodies that are not objects and fields the server owns', () => {
  expect(problemsOf(() => generationInputFrom([1], jobId, policy))).toEqual([{ field: '(body)', rule: 'must be a JSON object' }]);
  expect(problemsOf(() => generationInputFrom(undefined, jobId, policy))).toEqual([{ field: '(body)', rule: 'must be a JSON object' }]);
  expect(problemsOf(() => generationInputFrom({ customerId: 'acme', prompt: 'x', durationSeconds: 30, policy: {} }, jobId, policy))).toEqual([
    { field: 'policy', rule: 'is set by the server' },
  ]);
});

it('derives the same job id for the same customer and key, a fresh one otherwise', () => {
  const first = jobIdFor({ customerId: 'acme' }, 'order-1');
  expect(jobIdFor({ customerId: 'acme', prompt: 'other' }, 'order-1')).toBe(first);
  expect(jobIdFor({ customerId: 'globex' }, 'order-1')).not.toBe(first);
  expect(jobIdFor({ customerId: 'acme' }, undefined)).not.toBe(jobIdFor({ customerId: 'acme' }, undefined));
  expect(jobIdFor('not an object', 'order-1')).not.toBe(jobIdFor('not an object', 'order-1'));
});

it('accepts a visible-ASCII Idempotency-Key and rejects others', () => {
  expect(idempotencyKeyOf({})).toBeUndefined();
  expect(idempotencyKeyOf({ 'idempotency-key': 'order-1:retry' })).toBe('order-1:retry');
  for (const bad of ['', 'with space', 'é', 'x'.repeat(256)]) {
    expect(problemsOf(() => idempotencyKeyOf({ 'idempotency-key': bad }))).toEqual([{ field: 'Idempotency-Key', rule: expect.any(String) }]);
  }
});

it('fingerprints what was asked for, whatever the key order, job id or policy', () => {
  const one = generationInputFrom({ customerId: 'acme', mood: 'calm', durationSeconds: 30 }, jobId, policy);
  const reordered = generationInputFrom({ durationSeconds: 30, mood: 'calm', customerId: 'acme' }, 'a2b6b8f1-2f1e-4a57-8c4e-4d3c2b1a0f9e', { ...policy, stepAttempts: 1 });
  const different = generationInputFrom({ customerId: 'acme', mood: 'calm', durationSeconds: 31 }, jobId, policy);
  expect(generationDigest(reordered)).toBe(generationDigest(one));
  expect(generationDigest(different)).not.toBe(generationDigest(one));
});
