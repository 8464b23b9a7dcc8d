/** The customer CLI's only way to the product: the HTTP API with the customer's key, never Temporal itself. */

/** An answer the API gave as an error body, shown to people as `type: message`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly problems: { field: string; rule: string }[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A mistake in how the CLI was called (exit code 2), as opposed to an answer from the API (exit code 1). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface ApiSettings {
  baseUrl: string;
  apiKey: string;
}

export function apiSettingsFrom(env: NodeJS.ProcessEnv): ApiSettings {
  const apiKey = env.INFINITYMIX_API_KEY;
  if (!apiKey) throw new UsageError('INFINITYMIX_API_KEY is not set: make a key with `npm run keys -- create --customer <you>` and export it');
  return { baseUrl: (env.INFINITYMIX_API_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, ''), apiKey };
}

export class ApiClient {
  constructor(private readonly settings: ApiSettings) {}

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API's answers are documented in /openapi.json; the CLI reads a few fields of each
  async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<any> {
    let response: Response;
    try {
      response = await fetch(`${this.settings.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.settings.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new ApiError(0, 'Unreachable', `cannot reach the API at ${this.settings.baseUrl} (${reason}); is it running? (INFINITYMIX_API_URL)`);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const error = (parsed as { error?: { type?: string; message?: string; problems?: { field: string; rule: string }[] } } | undefined)?.error;
      throw new ApiError(response.status, error?.type ?? `HTTP ${response.status}`, error?.message ?? (text.slice(0, 200) || response.statusText), error?.problems);
    }
    return parsed;
  }
}
