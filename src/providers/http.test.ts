import { mapHttpStatus, networkFailure, parseRetryAfterMs, sanitizeProviderMessage } from './http';

describe('parseRetryAfterMs', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfterMs('30')).toBe(30_000);
    expect(parseRetryAfterMs(' 1.5 ')).toBe(1_500);
  });

  it('reads an HTTP date relative to now and never goes negative', () => {
    const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
    expect(parseRetryAfterMs('Wed, 21 Oct 2026 07:28:45 GMT', now)).toBe(45_000);
    expect(parseRetryAfterMs('Wed, 21 Oct 2026 07:27:00 GMT', now)).toBe(0);
  });

  it('ignores a missing or unreadable header', () => {
    expect(parseRetryAfterMs(null)).toBeUndefined();
    expect(parseRetryAfterMs('soon')).toBeUndefined();
  });
});

describe('sanitizeProviderMessage', () => {
  it('removes the key and token-like strings and shortens long text', () => {
    const message = sanitizeProviderMessage('Incorrect API key provided: sk-proj-abc***wxyz. secret-123 leaked', ['secret-123']);
    expect(message).toBe('Incorrect API key provided: [redacted]. [redacted] leaked');
    expect(sanitizeProviderMessage('x'.repeat(1000)).length).toBe(300);
  });
});

describe('networkFailure', () => {
  it('is transient and names the error code, not the URL', () => {
    const error = new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) });
    const failure = networkFailure('AudD', error);
    expect(failure.type).toBe('ProviderUnavailable');
    expect(failure.nonRetryable).toBe(false);
    expect(failure.message).toBe('AudD: network error (ECONNREFUSED)');
  });

  it('says when our own timeout fired', () => {
    const error = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(networkFailure('Mureka', error).message).toBe('Mureka: network error (request timed out)');
  });
});

describe('mapHttpStatus', () => {
  it.each([
    [401, 'AuthenticationFailed', true],
    [403, 'AuthenticationFailed', true],
    [429, 'RateLimited', false],
    [408, 'ProviderUnavailable', false],
    [500, 'ProviderUnavailable', false],
    [502, 'ProviderUnavailable', false],
    [413, 'InvalidInput', true],
  ])('HTTP %i → %s', (status, type, nonRetryable) => {
    const failure = mapHttpStatus('AudD', status, 3000);
    expect(failure.type).toBe(type);
    expect(failure.nonRetryable).toBe(nonRetryable);
    expect(failure.message).toBe(`AudD: HTTP ${status}`);
  });
});
