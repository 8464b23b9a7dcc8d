import { readFile } from 'node:fs/promises';
import type { CatalogPool } from '../contracts/autodj-planning';
import { type ApiClient, UsageError } from './api-client';
import { waitWithProgress } from './progress';

/** A filter over the caller's own catalog, the API's `pool.catalog` without ids; `{}` is the whole catalog. */
export type CatalogFilter = Omit<CatalogPool, 'trackIds'>;

export interface PlanOptions {
  tracksFile?: string;
  catalog?: CatalogFilter;
  durationSeconds: number;
  energyMode: string;
  preset?: string;
  wait: boolean;
}

interface PlanView {
  planId: string;
  status: string;
  progress: { step: string; percent: number } | null;
  plan: { totalDurationSeconds: number | null; error: string | null; entries: { position: number; trackId: string; startTime: number; bpm: number | null; camelot: string | null }[] } | null;
}

/**
 * The pool: inline tracks from a JSON file (an array, or `{tracks: [...]}`), or the caller's catalog tracks that pass
 * the filter. The API checks the filter's values and names the field it refuses.
 */
async function poolOf(options: PlanOptions): Promise<unknown> {
  if ((options.tracksFile === undefined) === (options.catalog === undefined)) throw new UsageError('plan needs exactly one of --tracks-file or --catalog / --catalog-* filters');
  if (options.catalog !== undefined) return { catalog: options.catalog };
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(options.tracksFile!, 'utf8'));
  } catch (error) {
    throw new UsageError(`--tracks-file ${options.tracksFile}: ${(error as Error).message}`);
  }
  return { tracks: Array.isArray(parsed) ? parsed : (parsed as { tracks?: unknown }).tracks };
}

function seconds(value: number): string {
  return `${Math.floor(value / 60)}:${String(Math.round(value % 60)).padStart(2, '0')}`;
}

/** `plan`: asks for an Auto DJ plan; with --wait shows its progress and prints the ordered set. */
export async function plan(api: ApiClient, options: PlanOptions, print: (line: string) => void): Promise<number> {
  const accepted = await api.call('POST', '/v1/plans', {
    pool: await poolOf(options),
    targetDurationSeconds: options.durationSeconds,
    energyMode: options.energyMode,
    eventPreset: options.preset,
  });
  const planId: string = accepted.planId;
  print(`plan ${planId} ${accepted.status}`);
  if (!options.wait) return 0;
  const outcome = await waitWithProgress('planning', async () => {
    const view = (await api.call('GET', `/v1/plans/${planId}`)) as PlanView;
    const done = view.status !== 'planning';
    return { done, percent: done ? 100 : (view.progress?.percent ?? 0), step: done ? view.status : (view.progress?.step ?? 'queued'), view };
  });
  if (outcome.kind === 'interrupted') {
    print(`stopped waiting; plan ${planId} goes on (see it with: npm run cli -- plans list)`);
    return 130;
  }
  const view = outcome.view as PlanView;
  if (view.status !== 'completed' || !view.plan) {
    print(`plan ${planId} ${view.status}${view.plan?.error ? `: ${view.plan.error}` : ''}`);
    return 1;
  }
  for (const entry of view.plan.entries) print(`${String(entry.position + 1).padStart(3)}  ${seconds(entry.startTime).padStart(6)}  ${entry.trackId}  ${entry.bpm ?? '?'} BPM  ${entry.camelot ?? ''}`);
  print(`total ${seconds(view.plan.totalDurationSeconds ?? 0)}`);
  return 0;
}
