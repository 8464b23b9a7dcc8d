import { mapAcrCloudStatus } from './acrcloud-errors';

describe('mapAcrCloudStatus', () => {
  it('reads 0 as a match and 1001 as no match', () => {
    expect(mapAcrCloudStatus(0, 'Success')).toEqual({ kind: 'match' });
    expect(mapAcrCloudStatus(1001, 'No result')).toEqual({ kind: 'no-match' });
  });

  it.each([
    [2004, 'InvalidAudio', true],
    [3000, 'ProviderUnavailable', false],
    [3001, 'InvalidApiKey', true],
    [3002, 'InvalidInput', true],
    [3003, 'QuotaExceeded', true],
    [3006, 'InvalidInput', true],
    [3014, 'AuthenticationFailed', true],
    [3015, 'RateLimited', false],
    [3016, 'InvalidInput', true],
    [9999, 'ProviderUnavailable', false],
  ])('status.code %i → %s (nonRetryable=%s)', (code, type, nonRetryable) => {
    const outcome = mapAcrCloudStatus(code, 'provider text');
    if (outcome.kind !== 'failure') throw new Error(`expected a failure for ${code}`);
    expect(outcome.failure.type).toBe(type);
    expect(outcome.failure.nonRetryable).toBe(nonRetryable);
    expect(outcome.failure.message).toBe(`ACRCloud status ${code}: provider text`);
  });

  it('explains a code when ACRCloud gives no message', () => {
    const outcome = mapAcrCloudStatus(3003, '');
    expect(outcome.kind === 'failure' && outcome.failure.message).toBe('ACRCloud status 3003: limit exceeded');
  });
});
