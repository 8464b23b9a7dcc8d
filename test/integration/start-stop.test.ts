import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { loadConfig } from '../../src/config';

/**
 * `npm start` under a process supervisor: SIGTERM to the script's process (what systemd, `docker stop` or a
 * container runtime sends) stops the API and the workers gracefully, and no process it started outlives it.
 * The services are already up (the integration run starts them), so start.sh's setup only checks them.
 * The script runs in a namespace of its own, so its workers never take tasks from anyone else's workers.
 */
const startScript = path.resolve(__dirname, '../../scripts/start.sh');
const NAMESPACE = 'infinitymix-start-stop-test';
/** src/worker.ts waits this long for in-flight activities; the API waits 10 s for open requests. */
const SHUTDOWN_GRACE_SECONDS = 5;
const API_GRACE_SECONDS = 10;
const STARTUP_SECONDS = 150;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The namespace exists and answers (a new one takes a moment to reach the server's namespace cache). */
async function ensureNamespace(): Promise<void> {
  const connection = await Connection.connect({ address: loadConfig().temporal.address });
  try {
    await connection.workflowService
      .registerNamespace({ namespace: NAMESPACE, workflowExecutionRetentionPeriod: msToTs('1 day') })
      .catch((error: { code?: number }) => {
        if (error.code !== 6) throw error; // ALREADY_EXISTS
      });
    await until('the namespace to answer', 30, async () => {
      await connection.workflowService.listSchedules({ namespace: NAMESPACE, maximumPageSize: 1 });
      return true;
    });
  } finally {
    await connection.close();
  }
}

async function until(what: string, seconds: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Every live process under `root` (children, their children, …), read from /proc. */
function descendantsOf(root: number): number[] {
  const childrenOf = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended while we looked
    }
    // pid (comm) state ppid …: comm may hold spaces and parentheses, so read after the last ')'.
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const pending = [root];
  while (pending.length > 0) {
    for (const child of childrenOf.get(pending.pop()!) ?? []) {
      found.push(child);
      pending.push(child);
    }
  }
  return found;
}

/** Alive and not a zombie waiting for its parent to read its status. */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

let script: ChildProcess | undefined;
let started: number[] = [];

afterAll(() => {
  // Whatever happened above, nothing of this test keeps running.
  for (const pid of [...started, script?.pid].filter((pid): pid is number => pid !== undefined && isRunning(pid))) {
    process.kill(pid, 'SIGKILL');
  }
});

it('stops the API and the workers on SIGTERM, waits for them, and leaves no process behind', async () => {
  await ensureNamespace();
  const apiPort = await freePort();
  script = spawn('bash', [startScript], {
    // No metrics listeners: their fixed default ports may be taken by an `npm start` on the same machine.
    env: { ...process.env, API_PORT: String(apiPort), METRICS_PORT: '0', API_METRICS_PORT: '0', TEMPORAL_NAMESPACE: NAMESPACE, SHUTDOWN_GRACE_SECONDS: String(SHUTDOWN_GRACE_SECONDS) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  script.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  script.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => script!.once('exit', (code, signal) => resolve({ code, signal })));

  await until('the API and the workers', STARTUP_SECONDS, async () => {
    if (script!.exitCode !== null) throw new Error(`start.sh ended early:\n${output}`);
    if (!output.includes('workers started')) return false;
    return (await fetch(`http://127.0.0.1:${apiPort}/healthz`)).ok;
  }).catch((error: Error) => {
    throw new Error(`${error.message}\n${output}`);
  });

  started = descendantsOf(script.pid!);
  const commands = started.map(commandOf);
  expect(commands.some((command) => command.includes('src/api/server.ts'))).toBe(true);
  expect(commands.some((command) => command.includes('src/worker.ts'))).toBe(true);

  script.kill('SIGTERM');
  const stopSeconds = Math.max(SHUTDOWN_GRACE_SECONDS, API_GRACE_SECONDS) + 5;
  const ended = await Promise.race([exited, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), stopSeconds * 1000))]);
  const leftOver = started.filter(isRunning).map((pid) => `${pid} ${commandOf(pid)}`);

  expect(leftOver).toEqual([]);
  // Stopped gracefully, the children exit 0, and the script with them.
  expect(ended).toEqual({ code: 0, signal: null });
  expect(output).toContain('workers stopped');
  expect(output).toContain('API stopped');
}, 240_000);
