import type { ApiClient } from './api-client';

export interface ListOptions {
  status?: string;
  limit?: number;
  cursor?: string;
}

interface Summary {
  id: string;
  status: string;
  step: string | null;
  progress: number | null;
  createdAt: string;
}

/** `jobs list` and `plans list`: one page as a table, newest first, and how to ask for the next. */
export async function listPage(api: ApiClient, resource: 'generations' | 'plans', options: ListOptions, print: (line: string) => void): Promise<number> {
  const query = new URLSearchParams();
  if (options.status !== undefined) query.set('status', options.status);
  if (options.limit !== undefined) query.set('limit', String(options.limit));
  if (options.cursor !== undefined) query.set('cursor', options.cursor);
  const page = (await api.call('GET', `/v1/${resource}${query.size > 0 ? `?${query}` : ''}`)) as { items: Summary[]; nextCursor: string | null };
  if (page.items.length === 0) print(`no ${resource === 'generations' ? 'jobs' : 'plans'}`);
  else print(['id'.padEnd(36), 'status'.padEnd(15), 'step'.padEnd(15), '%'.padStart(4), 'created'].join('  '));
  for (const item of page.items) {
    print([item.id.padEnd(36), item.status.padEnd(15), (item.step ?? '-').padEnd(15), String(item.progress ?? '-').padStart(4), item.createdAt].join('  '));
  }
  if (page.nextCursor) print(`more: add --cursor ${page.nextCursor}`);
  return 0;
}

/** `cancel <jobId>`: asks the service to cancel a job. */
export async function cancelJob(api: ApiClient, jobId: string, print: (line: string) => void): Promise<number> {
  const answer = await api.call('POST', `/v1/generations/${encodeURIComponent(jobId)}/cancel`);
  print(`job ${answer.jobId ?? jobId} ${answer.status}`);
  return 0;
}
