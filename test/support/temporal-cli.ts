import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../../src/config';

const run = promisify(execFile);

/** The `temporal` binary scripts/install.sh put in the tools cache, or the one on PATH. */
function temporalBinary(): string {
  const toolsDir = process.env.INFINITYMIX_TOOLS_DIR ?? path.join(os.homedir(), '.cache', 'infinitymix');
  const cached = path.join(toolsDir, 'bin', 'temporal');
  return existsSync(cached) ? cached : 'temporal';
}

/** Runs the Temporal CLI against the test server, as an operator would. */
export async function temporalCli(...args: string[]): Promise<string> {
  const { address, namespace } = loadConfig().temporal;
  const { stdout } = await run(temporalBinary(), [...args, '--address', address, '--namespace', namespace], { timeout: 30_000 });
  return stdout;
}
