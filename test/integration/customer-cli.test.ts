import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { newApiKey, startTestApi, type TestApi } from '../support/api-server';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';

/**
 * The customer CLI (src/cli) against the real API, worker, database and MinIO: `generate --wait` in a real
 * terminal (tmux) with its live bar read off the screen, then the files it saved compared with storage.
 */

const run = promisify(execFile);
const PROJECT_DIR = path.resolve(__dirname, '../..');
const TSX = path.join(PROJECT_DIR, 'node_modules/.bin/tsx');
const CLI = path.join(PROJECT_DIR, 'src/cli/main.ts');
/** Steps a job is seen working in, between its first answer (queued, 0 %) and its last (completed, 100 %). */
const WORKING_STEPS = ['analyzing', 'generating', 'uploading'];

let env: TestEnvironment;
let api: TestApi;
let key: string;
let workDir: string;
const customerId = `cli-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  env = await createTestEnvironment('customer-cli');
  api = await startTestApi(env);
  key = await newApiKey(env, customerId);
  workDir = await mkdtemp(path.join(os.tmpdir(), 'infinitymix-cli-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
  await api.close();
  await env.close();
});

function cli(args: string[], extraEnv: Record<string, string | undefined> = {}) {
  return run(TSX, [CLI, ...args], { cwd: workDir, env: { ...process.env, INFINITYMIX_API_URL: api.baseUrl, INFINITYMIX_API_KEY: key, ...extraEnv } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

/** `-u`: the terminal speaks UTF-8 whatever the locale, so the bar's block characters show as they are. */
const tmux = (...args: string[]) => run('tmux', ['-u', ...args]).then(({ stdout }) => stdout);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('runs generate --wait in a terminal: a live bar with the step name, then the three files in --out', async () => {
  const session = `imx-cli-${randomUUID().slice(0, 8)}`;
  const out = path.join(workDir, 'music');
  const command = [
    `INFINITYMIX_API_URL=${api.baseUrl}`,
    `INFINITYMIX_API_KEY=${key}`,
    TSX,
    CLI,
    'generate',
    "--prompt 'calm piano for a product demo'",
    '--mood calm',
    '--duration 6',
    '--instruments piano',
    '--wait',
    `--out ${out}`,
  ].join(' ');
  await tmux('new-session', '-d', '-s', session, '-x', '150', '-y', '20', `${command}; echo "EXIT=$?"; sleep 300`);
  try {
    const screens = await env.withWorker(async () => {
      const seen: string[] = [];
      const deadline = Date.now() + 180_000;
      while (Date.now() < deadline) {
        const screen = await tmux('capture-pane', '-p', '-t', session);
        if (seen.at(-1) !== screen) seen.push(screen);
        if (/EXIT=\d+/.test(screen)) return seen;
        await sleep(150);
      }
      throw new Error(`the CLI did not finish; last screen:\n${seen.at(-1)}`);
    });
    const midRun = screens.find((screen) => WORKING_STEPS.some((step) => new RegExp(`^generating [█░]+ [1-9]\\d?% \\| ${step} \\| \\d+s`, 'm').test(screen)));
    if (!midRun) throw new Error(`no screen showed the bar with a step name mid-run:\n${screens.join('\n=====\n')}`);
    process.stdout.write(`\n--- a screen mid-run ---\n${midRun!.trimEnd()}\n--- the last screen ---\n${screens.at(-1)!.trimEnd()}\n`);
    const last = screens.at(-1)!;
    expect(last).toContain('EXIT=0');
    const jobId = /job ([0-9a-f-]{36}) queued/.exec(last)![1]!;
    const row = await env.db.generationJob.findUniqueOrThrow({ where: { jobId } });
    for (const [file, storageKey] of [['master.wav', row.masterKey], ['preview.mp3', row.previewKey], ['metadata.json', row.metadataKey]] as const) {
      const saved = await readFile(path.join(out, file));
      expect(saved.equals(await env.storage.getBytes(storageKey!))).toBe(true);
      expect(last).toContain(`saved ${path.join(out, file)} (${saved.length} bytes)`);
    }
  } finally {
    await tmux('kill-session', '-t', session);
  }
});

it('stops only the waiting on Ctrl-C: exit 130, and the job runs on to completion', async () => {
  const session = `imx-cli-${randomUUID().slice(0, 8)}`;
  const command = `INFINITYMIX_API_URL=${api.baseUrl} INFINITYMIX_API_KEY=${key} ${TSX} ${CLI} generate --prompt "slow strings" --duration 6 --wait --out ${path.join(workDir, 'never')}`;
  // bash, not sh: on Ctrl-C it waits for the CLI and carries on when the CLI exits by itself (dash would quit too).
  await tmux('new-session', '-d', '-s', session, '-x', '150', '-y', '20', `bash -c '${command}; echo "EXIT=$?"; sleep 300'`);
  try {
    const last = await env.withWorker(async () => {
      let screen = '';
      const deadline = Date.now() + 120_000;
      while (!/^generating .*\| \w+ \| \d+s/m.test(screen) && Date.now() < deadline) {
        await sleep(150);
        screen = await tmux('capture-pane', '-p', '-t', session);
      }
      await tmux('send-keys', '-t', session, 'C-c');
      while (!/EXIT=\d+/.test(screen) && Date.now() < deadline) {
        await sleep(150);
        screen = await tmux('capture-pane', '-p', '-t', session);
      }
      const jobId = /job ([0-9a-f-]{36}) queued/.exec(screen)![1]!;
      await env.client.workflow.getHandle(`generation-${jobId}`).result();
      return { screen, jobId };
    });
    expect(last.screen).toContain('EXIT=130');
    expect(last.screen).toContain(`stopped waiting; job ${last.jobId} goes on`);
    expect((await env.db.generationJob.findUniqueOrThrow({ where: { jobId: last.jobId } })).status).toBe('completed');
  } finally {
    await tmux('kill-session', '-t', session);
  }
});

it('lists jobs and plans, and shows API errors as type: message with exit code 1', async () => {
  const jobs = await cli(['jobs', 'list', '--limit', '5']);
  expect(jobs.code).toBe(0);
  expect(jobs.stdout).toMatch(/^id +status +step/m);
  expect(jobs.stdout).toMatch(/completed +completed +100/);

  const tooMany = await cli(['jobs', 'list', '--limit', '500']);
  expect(tooMany.code).toBe(1);
  expect(tooMany.stderr).toContain('InvalidInput: Invalid generations list query');
  expect(tooMany.stderr).toContain('  limit: must be an integer from 1 to 100');

  const badCursor = await cli(['plans', 'list', '--cursor', 'forged']);
  expect(badCursor.code).toBe(1);
  expect(badCursor.stderr).toMatch(/^InvalidInput: .*\n {2}cursor: /m);
  expect((await cli(['plans', 'list'])).stdout).toContain('no plans');

  const badMood = await cli(['generate', '--prompt', 'x', '--mood', 'furious', '--duration', '30']);
  expect(badMood.code).toBe(1);
  expect(badMood.stderr).toMatch(/^InvalidInput: .*\n {2}mood: must be one of/m);

  const badFilter = await cli(['plan', '--catalog-genre', 'house', '--catalog-bpm-min', '130', '--catalog-bpm-max', '120', '--catalog-tags', 'Vinyl,vinyl', '--duration', '480', '--energy-mode', 'build']);
  expect(badFilter.code).toBe(1);
  expect(badFilter.stderr).toMatch(/^ {2}pool\.catalog\.bpmMax: must not be below bpmMin$/m);
  expect(badFilter.stderr).toMatch(/^ {2}pool\.catalog\.tags: must not name a tag twice/m);
});

it('plans from a tracks file and waits for the set', async () => {
  const tracksFile = path.join(workDir, 'tracks.json');
  await writeFile(tracksFile, JSON.stringify([
    { id: 'opener', durationSeconds: 200, bpm: 120, key: '8A', energy: 4 },
    { id: 'lift', durationSeconds: 210, bpm: 122, key: '9A', energy: 6 },
    { id: 'peak', durationSeconds: 190, bpm: 124, key: '9B', energy: 8 },
  ]));
  const planned = await env.withWorker(() => cli(['plan', '--tracks-file', tracksFile, '--duration', '480', '--energy-mode', 'build', '--wait']));
  expect(planned.code).toBe(0);
  expect(planned.stdout).toMatch(/plan [0-9a-f-]{36} planning/);
  expect(planned.stdout).toMatch(/^ +1 +0:00 +\w+ +\d+ BPM/m);
  expect(planned.stdout).toMatch(/^total \d+:\d\d$/m);
  expect((await cli(['plans', 'list'])).stdout).toMatch(/completed +completed +100/);
});

it('refuses wrong usage with exit code 2 and says what is missing', async () => {
  const noKey = await cli(['jobs', 'list'], { INFINITYMIX_API_KEY: '' });
  expect(noKey.code).toBe(2);
  expect(noKey.stderr).toContain('INFINITYMIX_API_KEY is not set');
  expect((await cli(['generate', '--prompt', 'x'])).stderr).toContain('--duration is required');
  expect((await cli(['plan', '--duration', '480', '--energy-mode', 'build'])).stderr).toContain('exactly one of --tracks-file or --catalog');
  expect((await cli(['plan', '--tracks-file', 'x.json', '--catalog-genre', 'house', '--duration', '480', '--energy-mode', 'build'])).code).toBe(2);
  expect((await cli(['plan', '--catalog-bpm-min', 'fast', '--duration', '480', '--energy-mode', 'build'])).stderr).toContain('--catalog-bpm-min must be a number');
  expect((await cli(['tracks', 'add', '--title', 't', '--artist', 'a'])).code).toBe(2);
  expect((await cli(['frobnicate'])).code).toBe(2);
  const wrongKey = await cli(['jobs', 'list'], { INFINITYMIX_API_KEY: 'imx_live_nope' });
  expect(wrongKey.code).toBe(1);
  expect(wrongKey.stderr).toMatch(/^Unauthorized: /);
  const down = await cli(['jobs', 'list'], { INFINITYMIX_API_URL: 'http://127.0.0.1:7319' });
  expect(down.code).toBe(1);
  expect(down.stderr).toContain('Unreachable: cannot reach the API at http://127.0.0.1:7319');
});
