import { HttpError } from './http-error';
import { queryParameters } from './request-parsing';

describe('queryParameters', () => {
  it('passes parameters given once through as an object', () => {
    expect(queryParameters(new URLSearchParams('limit=5&status=completed'), 'list query')).toEqual({ limit: '5', status: 'completed' });
  });

  it('refuses a parameter given twice with a 400 naming it once, whichever value came first', () => {
    let refused: unknown;
    try {
      queryParameters(new URLSearchParams('limit=1&status=failed&limit=100&limit=2'), 'list query');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(HttpError);
    expect({ status: (refused as HttpError).status, details: (refused as HttpError).details }).toEqual({
      status: 400,
      details: { problems: [{ field: 'limit', rule: 'must be given at most once' }] },
    });
  });
});
