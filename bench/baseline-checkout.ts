/**
 * The baseline side of a benchmark that compares workflow code: another commit of this repository (by default
 * DEFAULT_BASELINE_REF) unpacked into a temporary directory with `git archive`, sharing this checkout's node_modules and
 * generated Prisma client (the schema is the same), so a worker process can run that commit's code in the same
 * run as this checkout's.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const REPOSITORY_ROOT = path.resolve(__dirname, '..');

/**
 * The last commit whose local generation ran eight activity tasks and ten workflow tasks a job (before the job
 * records became local activities and the local composer's submit returned its audio): today's path's baseline.
 */
export const DEFAULT_BASELINE_REF = 'd5992cc';

export interface BaselineCheckout {
  ref: string;
  commit: string;
  root: string;
  remove(): void;
}

export function checkoutBaseline(ref: string): BaselineCheckout {
  const commit = execFileSync('git', ['rev-parse', '--short', ref], { cwd: REPOSITORY_ROOT, encoding: 'utf8' }).trim();
  const root = mkdtempSync(path.join(os.tmpdir(), 'bench-baseline-'));
  execFileSync('bash', ['-c', `git archive ${commit} | tar -x -C "${root}"`], { cwd: REPOSITORY_ROOT });
  symlinkSync(path.join(REPOSITORY_ROOT, 'node_modules'), path.join(root, 'node_modules'));
  // Gitignored, so not in the archive: the generated client, and the local data (payload keys) and settings, so
  // its worker reads and writes payloads as this checkout's client does.
  for (const ignored of [path.join('src', 'generated'), '.data', '.env']) {
    const source = path.join(REPOSITORY_ROOT, ignored);
    if (existsSync(source)) symlinkSync(source, path.join(root, ignored));
  }
  return { ref, commit, root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
