import { HttpError } from './http-error';
import { generationDigest, generationInputFrom } from './generation-request';
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

it('adds the job id, the caller\'s customer and the configured policy to a valid body', () => {
  const input = generationInputFrom({ mood: 'calm', durationSeconds: 30 }, 'acme', jobId, policy);
  expect(input).toMatchObject({ jobId, customerId: 'acme', mood: 'calm', durationSeconds: 30, isSceneAware: false, policy });
});

it('names the field and the rule of every problem', () => {
  expect(problemsOf(() => generationInputFrom({ durationSeconds: 30, referenceUrl: 'file:///etc/passwd' }, 'acme', jobId, policy))).toEqual([
    { field: 'referenceUrl', rule: 'must be an absolute http(s) URL' },
  ]);
  expect(problemsOf(() => generationInputFrom({ prompt: 'x\u0000y', durationSeconds: 30 }, 'acme', jobId, policy))).toEqual([
    { field: 'prompt', rule: 'must not contain control characters' },
  ]);
  const segments = [{ start: 0, end: 2, text: 'fine\nline' }, { start: 2, end: 4, text: 'bell\u0007' }];
  expect(problemsOf(() => generationInputFrom({ mood: 'calm', durationSeconds: 30, isSceneAware: true, segments }, 'acme', jobId, policy))).toEqual([
    { field: 'segments.1.text', rule: 'must not contain control characters' },
  ]);
});

it('refuses transcript segments that end after the requested duration, naming each one', () => {
  const segments = [
    { start: 0, end: 20, text: 'inside' },
    { start: 20, end: 31, text: 'past the end' },
    { start: 40, end: 45, text: 'far past the end' },
  ];
  expect(problemsOf(() => generationInputFrom({ mood: 'calm', durationSeconds: 30, isSceneAware: true, segments }, 'acme', jobId, policy))).toEqual([
    { field: 'segments.1.end', rule: 'must not be after durationSeconds (30 s)' },
    { field: 'segments.2.end', rule: 'must not be after durationSeconds (30 s)' },
  ]);
  expect(() => generationInputFrom({ mood: 'calm', durationSeconds: 30, isSceneAware: true, segments: segments.slice(0, 1) }, 'acme', jobId, policy)).not.toThrow();
});

it('refuses credentials in a reference URL without repeating them', () => {
  let message = '';
  const problems = problemsOf(() => {
    try {
      return generationInputFrom({ durationSeconds: 30, referenceUrl: 'https://alice:hunter2@example.com/song.mp3' }, 'acme', jobId, policy);
    } catch (error) {
      message = (error as Error).message;
      throw error;
    }
  });
  expect(problems).toEqual([{ field: 'referenceUrl', rule: expect.stringMatching(/user name or password/) }]);
  expect(JSON.stringify(problems) + message).not.toMatch(/alice|hunter2/);
});

it('refuses bodies that are not objects and fields the server owns, the customer among them', () => {
  expect(problemsOf(() => generationInputFrom([1], 'acme', jobId, policy))).toEqual([{ field: '(body)', rule: 'must be a JSON object' }]);
  expect(problemsOf(() => generationInputFrom(undefined, 'acme', jobId, policy))).toEqual([{ field: '(body)', rule: 'must be a JSON object' }]);
  expect(problemsOf(() => generationInputFrom({ prompt: 'x', durationSeconds: 30, policy: {} }, 'acme', jobId, policy))).toEqual([
    { field: 'policy', rule: 'is set by the server' },
  ]);
  expect(problemsOf(() => generationInputFrom({ customerId: 'globex', prompt: 'x', durationSeconds: 30 }, 'acme', jobId, policy))).toEqual([
    { field: 'customerId', rule: 'is set by the server' },
  ]);
});

it('accepts a visible-ASCII Idempotency-Key and rejects others', () => {
  expect(idempotencyKeyOf({})).toBeUndefined();
  expect(idempotencyKeyOf({ 'idempotency-key': 'order-1:retry' })).toBe('order-1:retry');
  for (const bad of ['', 'with space', 'é', 'x'.repeat(256)]) {
    expect(problemsOf(() => idempotencyKeyOf({ 'idempotency-key': bad }))).toEqual([{ field: 'Idempotency-Key', rule: expect.any(String) }]);
  }
});

it('fingerprints what was asked for, whatever the key order, job id or policy', () => {
  const one = generationInputFrom({ mood: 'calm', durationSeconds: 30 }, 'acme', jobId, policy);
  const reordered = generationInputFrom({ durationSeconds: 30, mood: 'calm' }, 'acme', 'a2b6b8f1-2f1e-4a57-8c4e-4d3c2b1a0f9e', { ...policy, stepAttempts: 1 });
  const different = generationInputFrom({ mood: 'calm', durationSeconds: 31 }, 'acme', jobId, policy);
  expect(generationDigest(reordered)).toBe(generationDigest(one));
  expect(generationDigest(different)).not.toBe(generationDigest(one));
});
