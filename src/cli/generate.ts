import path from 'node:path';
import { type ApiClient, ApiError } from './api-client';
import { downloadResults } from './files';
import { waitWithProgress } from './progress';

export interface GenerateOptions {
  prompt?: string;
  mood?: string;
  durationSeconds: number;
  instruments?: string[];
  referenceUrl?: string;
  wait: boolean;
  out?: string;
}

interface JobView {
  jobId: string;
  status: string;
  step: string;
  percent: number;
  error?: { type: string; message: string };
  downloads?: Record<'master' | 'preview' | 'metadata', { url: string; expiresAt: string }>;
}

const FINISHED = ['completed', 'failed', 'cancelled'];

/** `generate`: starts a job; with --wait shows its progress and downloads the three files when it completes. */
export async function generate(api: ApiClient, options: GenerateOptions, print: (line: string) => void): Promise<number> {
  const accepted = await api.call('POST', '/v1/generations', {
    prompt: options.prompt,
    mood: options.mood,
    durationSeconds: options.durationSeconds,
    instruments: options.instruments,
    referenceUrl: options.referenceUrl,
  });
  const jobId: string = accepted.jobId;
  print(`job ${jobId} ${accepted.status}`);
  if (!options.wait) return 0;

  const outcome = await waitWithProgress('generating', async () => {
    const view = (await api.call('GET', `/v1/generations/${jobId}`)) as JobView;
    return { done: FINISHED.includes(view.status) || view.status === 'needs_attention', percent: view.percent, step: view.step, view };
  });
  if (outcome.kind === 'interrupted') {
    print(`stopped waiting; job ${jobId} goes on (see it with: npm run cli -- jobs list)`);
    return 130;
  }
  const view = outcome.view as JobView;
  if (view.status === 'needs_attention') {
    print(`job ${jobId} needs attention: ${view.error ? `${view.error.type}: ${view.error.message}` : 'a step ran out of retries'}; it waits for an operator's decision`);
    return 1;
  }
  if (view.status !== 'completed') {
    print(`job ${jobId} ${view.status}${view.error ? `: ${view.error.type}: ${view.error.message}` : ''}`);
    return 1;
  }
  if (!view.downloads) throw new ApiError(200, 'NoDownloads', `job ${jobId} completed, but the API offers no download links (its storage driver is a local directory)`);
  const directory = path.resolve(options.out ?? jobId);
  for (const { file, bytes } of await downloadResults(view.downloads, directory)) print(`saved ${file} (${bytes} bytes)`);
  return 0;
}
