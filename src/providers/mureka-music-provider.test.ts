import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failureOf } from '../../test/fakes/failure-of';
import { startMurekaFake, type MurekaFailure, type MurekaFake } from '../../test/fakes/mureka-fake';
import { MurekaMusicProvider } from './mureka-music-provider';
import type { MusicTaskStatus } from '../contracts/music-generation';

const request = { userPrompt: 'calm piano for a travel vlog', mood: 'calm', durationSeconds: 30 };

async function pollUntilFinal(provider: MurekaMusicProvider, taskId: string): Promise<{ final: MusicTaskStatus; pendings: string[] }> {
  const pendings: string[] = [];
  for (let i = 0; i < 20; i += 1) {
    const status = await provider.poll(taskId);
    if (status.status !== 'pending') return { final: status, pendings };
    pendings.push(status.providerStatus);
  }
  throw new Error('task never finished');
}

describe('MurekaMusicProvider against the Mureka fake', () => {
  let fake: MurekaFake;
  let dir: string;
  let provider: MurekaMusicProvider;

  beforeAll(async () => {
    fake = await startMurekaFake({ resultSeconds: 2 });
    dir = await mkdtemp(join(tmpdir(), 'mureka-test-'));
  }, 30_000);
  afterAll(async () => {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    provider = new MurekaMusicProvider({ apiKey: fake.apiKey, baseUrl: fake.baseUrl });
    fake.setOutcome('succeeded');
    fake.setResultFormats(['wav', 'flac', 'mp3']);
  });

  it('submits once, polls through the status sequence, picks the WAV and downloads it', async () => {
    const before = fake.calls('generate');
    const { taskId } = await provider.submit(request);
    const { final, pendings } = await pollUntilFinal(provider, taskId);
    expect(fake.calls('generate')).toBe(before + 1);
    // generate itself answered "preparing"; each query moves the task one status on.
    expect(pendings).toEqual(['queued', 'running']);
    expect(final).toEqual({ status: 'succeeded', audioUrl: `${fake.baseUrl}/files/${taskId}.wav`, audioFormat: 'wav', durationMs: 2000 });
    const dest = join(dir, 'master.wav');
    if (final.status !== 'succeeded') throw new Error('unreachable');
    await provider.download(final.audioUrl, dest);
    const data = await readFile(dest);
    expect(data.subarray(0, 4).toString('ascii')).toBe('RIFF');
    await expect(stat(`${dest}.part`)).rejects.toThrow();
  });

  it('sends the built prompt with n=1', async () => {
    await provider.submit(request);
    const prompt = fake.prompts().at(-1);
    expect(prompt).toContain('calm piano for a travel vlog');
    expect(prompt).toContain('instrumental only, no vocals');
  });

  it('lets a new client instance keep polling a task another instance submitted', async () => {
    const { taskId } = await provider.submit(request);
    await provider.poll(taskId);
    const restarted = new MurekaMusicProvider({ apiKey: fake.apiKey, baseUrl: fake.baseUrl });
    const generateCalls = fake.calls('generate');
    const { final, pendings } = await pollUntilFinal(restarted, taskId);
    expect(pendings).toEqual(['running']);
    expect(final.status).toBe('succeeded');
    expect(fake.calls('generate')).toBe(generateCalls);
  });

  it.each([
    [['flac', 'mp3'] as const, 'flac'],
    [['mp3'] as const, 'mp3'],
  ])('falls back to the next format when links are missing (%j → %s)', async (formats, expected) => {
    fake.setResultFormats(formats);
    const { taskId } = await provider.submit(request);
    const { final } = await pollUntilFinal(provider, taskId);
    expect(final).toMatchObject({ status: 'succeeded', audioFormat: expected });
  });

  it.each(['failed', 'timeouted', 'cancelled'] as const)('reports a task that ends %s as a typed failure', async (status) => {
    fake.setOutcome(status, 'model error');
    const { taskId } = await provider.submit(request);
    const { final } = await pollUntilFinal(provider, taskId);
    expect(final).toEqual({ status: 'failed', failure: { type: 'ProviderTaskFailed', message: `Mureka: task ${taskId} ${status}: model error` } });
  });

  it.each([
    ['badRequest', 'InvalidInput', true],
    ['unauthorized', 'InvalidApiKey', true],
    ['region', 'AuthenticationFailed', true],
    ['rateLimit', 'RateLimited', false],
    ['quota', 'QuotaExceeded', true],
    ['contentReview', 'ContentPolicyViolation', true],
    ['serverError', 'ProviderUnavailable', false],
    ['unavailable', 'ProviderUnavailable', false],
  ] as [MurekaFailure, string, boolean][])('maps a generate answered %s to %s', async (failure, type, nonRetryable) => {
    fake.failNext('generate', failure);
    const error = await failureOf(provider.submit(request));
    expect(error.type).toBe(type);
    expect(error.nonRetryable).toBe(nonRetryable);
    expect(error.message).not.toContain(fake.apiKey);
  });

  it('passes Retry-After on a rate limit and succeeds once the fake recovers', async () => {
    fake.failNext('generate', 'rateLimit', 2);
    expect((await failureOf(provider.submit(request))).nextRetryDelay).toBe(2000);
    await failureOf(provider.submit(request));
    await expect(provider.submit(request)).resolves.toHaveProperty('taskId');
  });

  it('maps a failing query the same way and keeps the task', async () => {
    const { taskId } = await provider.submit(request);
    fake.failNext('query', 'unavailable');
    expect((await failureOf(provider.poll(taskId))).type).toBe('ProviderUnavailable');
    await expect(provider.poll(taskId)).resolves.toEqual({ status: 'pending', providerStatus: 'queued' });
  });

  it('rejects a wrong key as InvalidApiKey without echoing it', async () => {
    const wrong = new MurekaMusicProvider({ apiKey: 'sk-wrong-key-123456', baseUrl: fake.baseUrl });
    const error = await failureOf(wrong.submit(request));
    expect(error.type).toBe('InvalidApiKey');
    expect(error.message).not.toContain('sk-wrong-key-123456');
  });

  it('turns a refused connection into a transient failure', async () => {
    const offline = new MurekaMusicProvider({ apiKey: 'k', baseUrl: 'http://127.0.0.1:1' });
    const error = await failureOf(offline.poll('task-1'));
    expect(error.type).toBe('ProviderUnavailable');
    expect(error.nonRetryable).toBe(false);
  });

  it('treats a gone result link as a permanent task failure', async () => {
    const error = await failureOf(provider.download(`${fake.baseUrl}/files/task-999.wav`, join(dir, 'gone.wav')));
    expect(error.type).toBe('ProviderTaskFailed');
    expect(error.nonRetryable).toBe(true);
  });
});

describe('MurekaMusicProvider with unexpected answers', () => {
  const answer = (status: number, body: unknown): typeof fetch => async () => new Response(JSON.stringify(body), { status });

  it('reads an unknown status as still running', async () => {
    const provider = new MurekaMusicProvider({ apiKey: 'k', fetch: answer(200, { id: 't1', status: 'rendering', extra: 1 }) });
    await expect(provider.poll('t1')).resolves.toEqual({ status: 'pending', providerStatus: 'rendering' });
  });

  it('reports success without any link as a task failure', async () => {
    const provider = new MurekaMusicProvider({ apiKey: 'k', fetch: answer(200, { id: 't1', status: 'succeeded', choices: [] }) });
    await expect(provider.poll('t1')).resolves.toMatchObject({ status: 'failed', failure: { type: 'ProviderTaskFailed' } });
  });

  it('does not retry a submit whose 2xx answer has no task id, since it may have been billed', async () => {
    const provider = new MurekaMusicProvider({ apiKey: 'k', fetch: answer(200, { ok: true }) });
    const error = await failureOf(provider.submit(request));
    expect(error.type).toBe('ProviderResponseInvalid');
    expect(error.nonRetryable).toBe(true);
  });

  it('retries a poll whose answer is unreadable', async () => {
    const provider = new MurekaMusicProvider({ apiKey: 'k', fetch: answer(200, 'not a task') });
    const error = await failureOf(provider.poll('t1'));
    expect(error.type).toBe('ProviderResponseInvalid');
    expect(error.nonRetryable).toBe(false);
  });
});
