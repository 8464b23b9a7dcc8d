import { ApplicationFailure } from '@temporalio/common';
import { mapMurekaError, parseMurekaErrorBody } from './mureka-errors';

function body(message: string) {
  return parseMurekaErrorBody({ error: { message }, trace_id: 'tr-1' });
}

describe('mapMurekaError', () => {
  it.each([
    [400, 'Invalid request parameters', 'InvalidInput', true],
    [401, 'Invalid Authentication', 'InvalidApiKey', true],
    [403, 'Request comes from an unsupported region', 'AuthenticationFailed', true],
    [429, 'Rate limit reached for requests', 'RateLimited', false],
    [429, 'Quota exceeded', 'QuotaExceeded', true],
    [429, 'You exceeded your current quota, please check your plan and billing details', 'QuotaExceeded', true],
    [429, 'Insufficient balance', 'QuotaExceeded', true],
    [429, 'Too many concurrent requests', 'RateLimited', false],
    [451, 'Input failed the content review', 'ContentPolicyViolation', true],
    [500, 'Server error', 'ProviderUnavailable', false],
    [503, 'The engine is currently overloaded', 'ProviderUnavailable', false],
    [502, '', 'ProviderUnavailable', false],
    [408, '', 'ProviderUnavailable', false],
    [404, 'task not found', 'InvalidInput', true],
  ])('HTTP %i "%s" → %s (nonRetryable=%s)', (status, message, type, nonRetryable) => {
    const failure = mapMurekaError(status, body(message), 7000);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure.type).toBe(type);
    expect(failure.nonRetryable).toBe(nonRetryable);
    expect(failure.message).toContain('Mureka');
    expect(failure.message).toContain('trace tr-1');
  });

  it('carries Retry-After as the next retry delay for a rate limit', () => {
    expect(mapMurekaError(429, body('Rate limit reached'), 12_000).nextRetryDelay).toBe(12_000);
  });

  it('names the status when the body is not the documented shape', () => {
    const failure = mapMurekaError(503, parseMurekaErrorBody('<html>bad gateway</html>'));
    expect(failure.message).toBe('Mureka: HTTP 503');
  });
});
