import { mapAuddError } from './audd-errors';

describe('mapAuddError', () => {
  it.each([
    [900, 'InvalidApiKey', true],
    [901, 'AuthenticationFailed', true],
    [903, 'AuthenticationFailed', true],
    [902, 'QuotaExceeded', true],
    [904, 'AuthenticationFailed', true],
    [905, 'AuthenticationFailed', true],
    [50, 'InvalidInput', true],
    [51, 'InvalidInput', true],
    [600, 'InvalidInput', true],
    [601, 'InvalidInput', true],
    [602, 'InvalidInput', true],
    [700, 'InvalidInput', true],
    [701, 'InvalidInput', true],
    [702, 'InvalidInput', true],
    [906, 'InvalidInput', true],
    [300, 'InvalidAudio', true],
    [400, 'InvalidAudio', true],
    [500, 'InvalidAudio', true],
    [19, 'AccountSuspended', true],
    [31337, 'AccountSuspended', true],
    [20, 'InvalidInput', true],
    [611, 'RateLimited', false],
    [100, 'ProviderUnavailable', false],
    [1000, 'ProviderUnavailable', false],
    [4242, 'ProviderUnavailable', false],
  ])('error_code %i → %s (nonRetryable=%s)', (code, type, nonRetryable) => {
    const failure = mapAuddError(code, 'provider text');
    expect(failure.type).toBe(type);
    expect(failure.nonRetryable).toBe(nonRetryable);
    expect(failure.message).toBe(`AudD error ${code}: provider text`);
  });

  it('explains a known code when AudD gives no message', () => {
    expect(mapAuddError(902, '').message).toBe('AudD error 902: quota exceeded');
  });
});
