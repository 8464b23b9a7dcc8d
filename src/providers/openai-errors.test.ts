import { mapOpenAiError, parseOpenAiErrorBody } from './openai-errors';

const body = (message: string, type?: string, code?: string) => parseOpenAiErrorBody({ error: { message, type, param: null, code } });

describe('mapOpenAiError', () => {
  it.each([
    [400, body('Invalid value for response_format', 'invalid_request_error'), 'InvalidInput', true],
    [401, body('Incorrect API key provided', 'invalid_request_error', 'invalid_api_key'), 'InvalidApiKey', true],
    [403, body('Country, region, or territory not supported', 'request_forbidden', 'unsupported_country_region_territory'), 'AuthenticationFailed', true],
    [404, body('The model `nope` does not exist', 'invalid_request_error', 'model_not_found'), 'InvalidInput', true],
    [429, body('Rate limit reached for requests', 'requests', 'rate_limit_exceeded'), 'RateLimited', false],
    [429, body('You exceeded your current quota', 'insufficient_quota', 'insufficient_quota'), 'QuotaExceeded', true],
    [429, body('You exceeded your current quota', 'insufficient_quota'), 'QuotaExceeded', true],
    [500, body('The server had an error while processing your request', 'server_error'), 'ProviderUnavailable', false],
    [503, body('The engine is currently overloaded', 'server_error', 'slow_down'), 'ProviderUnavailable', false],
    [408, body(''), 'ProviderUnavailable', false],
    [418, body(''), 'InvalidInput', true],
  ])('HTTP %i %j → %s', (status, error, type, nonRetryable) => {
    const failure = mapOpenAiError(status, error, 4000);
    expect(failure.type).toBe(type);
    expect(failure.nonRetryable).toBe(nonRetryable);
  });

  it('decides the 429 kind by code, not by text', () => {
    expect(mapOpenAiError(429, body('You exceeded your current quota', 'requests', 'rate_limit_exceeded')).type).toBe('RateLimited');
  });

  it('passes the retry-after of a rate limit and names the code', () => {
    const failure = mapOpenAiError(429, body('Rate limit reached', 'requests', 'rate_limit_exceeded'), 4000);
    expect(failure.nextRetryDelay).toBe(4000);
    expect(failure.message).toBe('Chat API: Rate limit reached (rate_limit_exceeded)');
  });

  it('reads a body that is not the documented shape', () => {
    expect(mapOpenAiError(502, parseOpenAiErrorBody(undefined)).message).toBe('Chat API: HTTP 502');
  });
});
