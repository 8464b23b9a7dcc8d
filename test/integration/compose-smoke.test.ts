import { execFile } from 'node:child_process';
import path from 'node:path';

/**
 * scripts/compose-smoke.sh: docker-compose.temporal.yml run for real (Temporal Server on PostgreSQL, the Web
 * UI, MinIO, one worker deployment per task queue, the API and the codec server), a generation, a plan and a
 * triggered schedule through it, then torn down. It needs Docker and builds images (minutes when cold), so
 * it runs only when COMPOSE_SMOKE=1 (CI sets it); elsewhere it is reported as skipped.
 */
const script = path.resolve(__dirname, '../../scripts/compose-smoke.sh');
const enabled = process.env.COMPOSE_SMOKE === '1';

function runSmoke(): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile('bash', [script], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

(enabled ? it : it.skip)('brings the compose stack up healthy, completes a generation, a plan and a scheduled cleanup, and tears it down', async () => {
  const { code, output } = await runSmoke();
  if (code !== 0) throw new Error(`compose-smoke.sh failed (exit ${code}):\n${output.slice(-20_000)}`);
  expect(output).toMatch(/^generation \S+: status completed/m);
  expect(output).toMatch(/^plan \S+: status completed/m);
  expect(output).toMatch(/^schedule maintenance-cleanup → \S+: /m);
  for (const service of ['postgres', 'minio', 'temporal', 'temporal-ui', 'worker-generation', 'worker-planning', 'worker-maintenance', 'api', 'codec-server']) {
    expect(output).toMatch(new RegExp(`^ {2}${service} +running +healthy`, 'm'));
  }
  expect(output).toMatch(/compose smoke passed in \d+ s/);
}, 45 * 60_000);
