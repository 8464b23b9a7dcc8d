import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The Python of a bench's own venv, made by scripts/install-bench-tools.sh under the tools directory
 * (`INFINITYMIX_TOOLS_DIR`, as scripts/lib.sh reads it); `overrideVariable` names an environment variable
 * that points at another Python instead.
 */
export function benchVenvPython(venv: string, overrideVariable: string): string {
  const toolsDir = process.env.INFINITYMIX_TOOLS_DIR ?? join(homedir(), '.cache', 'infinitymix');
  return process.env[overrideVariable] ?? join(toolsDir, venv, 'bin', 'python');
}
