import { redact } from '../logger';
import type { ApiDependencies } from './dependencies';
import { healthSchema, type HealthCheck } from './response-schemas';
import type { Route } from './router';

async function timed(check: () => Promise<unknown>, timeoutMs: number): Promise<HealthCheck> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
    return { status: 'ok', ms: Math.round(performance.now() - started) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: 'down', ms: Math.round(performance.now() - started), error: String(redact(message)) };
  } finally {
    clearTimeout(timer);
  }
}

/** Ready only when both the Temporal frontend and PostgreSQL answer: 200, else 503 naming what is down. */
export function healthRoutes({ temporal, db, healthTimeoutMs }: ApiDependencies): Route[] {
  return [
    {
      method: 'GET',
      path: '/healthz',
      access: 'public',
      doc: {
        operationId: 'getHealth',
        summary: 'Ready when the Temporal frontend and PostgreSQL both answer',
        tag: 'health',
        responses: {
          200: { description: 'Both answer', schema: healthSchema },
          503: { description: 'One is down; its check says why', schema: healthSchema },
        },
        errors: [],
      },
      async handler() {
        const [temporalCheck, databaseCheck] = await Promise.all([
          timed(() => temporal.pingTemporal(healthTimeoutMs), healthTimeoutMs),
          timed(() => db.$queryRaw`SELECT 1`, healthTimeoutMs),
        ]);
        const healthy = temporalCheck.status === 'ok' && databaseCheck.status === 'ok';
        return { status: healthy ? 200 : 503, body: { status: healthy ? 'ok' : 'unavailable', checks: { temporal: temporalCheck, database: databaseCheck } } };
      },
    },
  ];
}
