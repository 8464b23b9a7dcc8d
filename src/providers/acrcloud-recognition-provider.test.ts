import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AcrCloudFake, startAcrCloudFake } from '../../test/fakes/acrcloud-fake';
import { failureOf } from '../../test/fakes/failure-of';
import { writeSineAudio } from '../../test/fakes/sine-audio';
import { AcrCloudRecognitionProvider } from './acrcloud-recognition-provider';

describe('AcrCloudRecognitionProvider against the ACRCloud fake', () => {
  let fake: AcrCloudFake;
  let dir: string;
  let clip: string;
  let provider: AcrCloudRecognitionProvider;

  beforeAll(async () => {
    fake = await startAcrCloudFake();
    dir = await mkdtemp(join(tmpdir(), 'acr-test-'));
    clip = join(dir, 'clip.wav');
    await writeSineAudio(clip, { seconds: 2 });
  });
  afterAll(async () => {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    provider = new AcrCloudRecognitionProvider({ baseUrl: fake.baseUrl, accessKey: fake.accessKey, accessSecret: fake.accessSecret });
    fake.setMatches([
      { title: 'Weaker', artists: ['Someone'], score: 72 },
      { title: 'Get Lucky', artists: ['Daft Punk', 'Pharrell Williams'], album: 'Random Access Memories', score: 96 },
    ]);
  });

  it('signs the request and returns the best-scored match', async () => {
    await expect(provider.identify(clip)).resolves.toEqual({
      title: 'Get Lucky',
      artist: 'Daft Punk, Pharrell Williams',
      album: 'Random Access Memories',
      confidence: 0.96,
    });
  });

  it('answers null for status 1001 "No result"', async () => {
    fake.setMatches([]);
    await expect(provider.identify(clip)).resolves.toBeNull();
  });

  it('maps a wrong secret (3014 invalid signature) to AuthenticationFailed', async () => {
    const wrong = new AcrCloudRecognitionProvider({ baseUrl: fake.baseUrl, accessKey: fake.accessKey, accessSecret: 'not-the-secret' });
    const failure = await failureOf(wrong.identify(clip));
    expect(failure.type).toBe('AuthenticationFailed');
    expect(failure.message).not.toContain('not-the-secret');
  });

  it('maps an unknown access key (3001) to InvalidApiKey', async () => {
    const wrong = new AcrCloudRecognitionProvider({ baseUrl: fake.baseUrl, accessKey: 'nobody', accessSecret: fake.accessSecret });
    expect((await failureOf(wrong.identify(clip))).type).toBe('InvalidApiKey');
  });

  it('maps a sample without a fingerprint (2004) to InvalidAudio', async () => {
    const junk = join(dir, 'junk.wav');
    await writeFile(junk, 'not audio');
    expect((await failureOf(provider.identify(junk))).type).toBe('InvalidAudio');
  });

  it.each([
    [3003, 'QuotaExceeded', true],
    [3000, 'ProviderUnavailable', false],
    [3015, 'RateLimited', false],
  ])('maps scripted status.code %i to %s', async (statusCode, type, nonRetryable) => {
    fake.failNext({ statusCode });
    const failure = await failureOf(provider.identify(clip));
    expect(failure.type).toBe(type);
    expect(failure.nonRetryable).toBe(nonRetryable);
  });

  it('retries a gateway 502 and succeeds when the fake recovers', async () => {
    fake.failNext({ httpStatus: 502 });
    expect((await failureOf(provider.identify(clip))).type).toBe('ProviderUnavailable');
    await expect(provider.identify(clip)).resolves.toMatchObject({ title: 'Get Lucky' });
  });

  it('refuses a clip of 5 MB or more before uploading it', async () => {
    const big = join(dir, 'big.wav');
    await writeFile(big, Buffer.alloc(5 * 1024 * 1024));
    const calls = fake.calls();
    expect((await failureOf(provider.identify(big))).type).toBe('InvalidInput');
    expect(fake.calls()).toBe(calls);
  });
});
