import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';

const ENTRY = path.resolve(__dirname, '..', '..', 'src', 'codec', 'server.ts');
const READY_TIMEOUT_MS = 60_000;

export interface CodecServerChild {
  url: string;
  /** What an operator adds to `temporal workflow …` to read (and write) encrypted payloads. */
  cliFlags: string[];
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs src/codec/server.ts as `npm start` does, on a free port and with a token of its own; `env` may set the keys. */
export async function startCodecServerChild(env: NodeJS.ProcessEnv = {}): Promise<CodecServerChild> {
  const port = await freePort();
  const token = randomBytes(32).toString('base64url');
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    cwd: path.resolve(__dirname, '..', '..'),
    env: { ...process.env, LOG_LEVEL: 'info', ...env, CODEC_PORT: String(port), CODEC_AUTH_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`codec server not listening after ${READY_TIMEOUT_MS} ms: ${output}`)), READY_TIMEOUT_MS);
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4000);
      if (output.includes('codec server listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`codec server exited before listening: ${output}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    cliFlags: ['--codec-endpoint', url, '--codec-auth', `Bearer ${token}`],
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
