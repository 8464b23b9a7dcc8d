import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where scripts/install-bench-tools.sh puts what only the benches use (`INFINITYMIX_TOOLS_DIR`, as scripts/lib.sh reads it). */
export function benchToolsDir(): string {
  return process.env.INFINITYMIX_TOOLS_DIR ?? join(homedir(), '.cache', 'infinitymix');
}

/**
 * The Python of a bench's own venv, made by scripts/install-bench-tools.sh under benchToolsDir();
 * `overrideVariable` names an environment variable that points at another Python instead.
 */
export function benchVenvPython(venv: string, overrideVariable: string): string {
  return process.env[overrideVariable] ?? join(benchToolsDir(), venv, 'bin', 'python');
}
