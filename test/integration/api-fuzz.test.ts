import { execFile } from 'node:child_process';
import path from 'node:path';

/**
 * scripts/fuzz-api.sh on the real stack: schemathesis generates requests from /openapi.json (an operator's and a
 * customer's run) and checks every answer against it. The script fails on any 5xx, any answer outside the
 * documented statuses, content types, headers and schemas, or an unhealthy API afterwards.
 */
const script = path.resolve(__dirname, '../../scripts/fuzz-api.sh');

function runFuzz(): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile('bash', [script], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

it('answers at least 1,000 generated requests as documented, without a 5xx, and stays healthy', async () => {
  const { code, output } = await runFuzz();
  const figures = /fuzz: (\d+) requests in \d+ s, (\d+) answered 5xx, \/healthz after: (\d+)/.exec(output);
  const outcome = { code, requests: Number(figures?.[1]), serverErrors: Number(figures?.[2]), health: Number(figures?.[3]) };
  if (code !== 0 || !figures) throw new Error(`fuzz-api.sh failed (${JSON.stringify(outcome)}):\n${output.slice(-20_000)}`);
  expect(outcome).toEqual({ code: 0, requests: expect.any(Number), serverErrors: 0, health: 200 });
  expect(outcome.requests).toBeGreaterThanOrEqual(1000);
}, 15 * 60_000);
