import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { benchToolsDir } from './bench-venv';

/**
 * Recorded music nobody here made: the soundtracks of three games Debian ships (wesnoth-1.16-music, freedroidrpg-data,
 * hedgewars-data: orchestral, electronic, pop and folk styles), whose music files scripts/install-bench-tools.sh
 * unpacks. They carry no labels; bench:fingerprint uses them as real catalog tracks and real outside clips, and for
 * the hash statistics of real recordings.
 */
export interface RealRecording {
  path: string;
  /** The Debian package it came from. */
  source: string;
  /**
   * The piece, shared by a file's versions ("frantic" and "frantic-old", "defeat" and "defeat2", "Olympics" and
   * "olympics_sd"), so a piece is either in a catalog or out of it, never both.
   */
  work: string;
}

function realRecordingsDir(): string {
  return join(benchToolsDir(), 'real-recordings');
}

function oggFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return oggFilesUnder(path);
    return entry.name.endsWith('.ogg') ? [path] : [];
  });
}

function workOf(path: string): string {
  return basename(path, '.ogg')
    .toLowerCase()
    .replace(/[-_](old|sd)$/, '')
    .replace(/\d+$/, '');
}

/** Every unpacked recording, sorted by package and path, so a split into catalog and outside is the same in every run. */
export function listRealRecordings(root = realRecordingsDir()): RealRecording[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .sort()
    .flatMap((source) => oggFilesUnder(join(root, source)).sort().map((path) => ({ path, source, work: `${source}/${workOf(path)}` })));
}
