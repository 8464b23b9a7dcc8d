import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AuddFake, startAuddFake } from '../../test/fakes/audd-fake';
import { failureOf } from '../../test/fakes/failure-of';
import { writeSineAudio } from '../../test/fakes/sine-audio';
import { AuddRecognitionProvider } from './audd-recognition-provider';

describe('AuddRecognitionProvider against the AudD fake', () => {
  let fake: AuddFake;
  let dir: string;
  let clip: string;
  let provider: AuddRecognitionProvider;

  beforeAll(async () => {
    fake = await startAuddFake();
    dir = await mkdtemp(join(tmpdir(), 'audd-test-'));
    clip = join(dir, 'clip.wav');
    await writeSineAudio(clip, { seconds: 2 });
  });
  afterAll(async () => {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    provider = new AuddRecognitionProvider({ apiToken: fake.apiToken, baseUrl: fake.baseUrl });
    fake.setResult({ artist: 'Daft Punk', title: 'One More Time', album: 'Discovery' });
  });

  it('identifies a clip and sends the token as a form field', async () => {
    await expect(provider.identify(clip)).resolves.toEqual({ title: 'One More Time', artist: 'Daft Punk', album: 'Discovery' });
    expect(fake.lastFields()).toEqual({ api_token: fake.apiToken });
  });

  it('answers null for "no match"', async () => {
    fake.setResult(null);
    await expect(provider.identify(clip)).resolves.toBeNull();
  });

  it('maps a wrong token (error 900 inside HTTP 200) to InvalidApiKey without echoing it', async () => {
    const wrong = new AuddRecognitionProvider({ apiToken: 'wrong-token-abcdef', baseUrl: fake.baseUrl });
    const failure = await failureOf(wrong.identify(clip));
    expect(failure.type).toBe('InvalidApiKey');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).not.toContain('wrong-token-abcdef');
  });

  it('maps undecodable audio (error 300) to InvalidAudio', async () => {
    const junk = join(dir, 'junk.wav');
    await writeFile(junk, 'not audio');
    expect((await failureOf(provider.identify(junk))).type).toBe('InvalidAudio');
  });

  it.each([
    [902, 'QuotaExceeded', true],
    [904, 'AuthenticationFailed', true],
    [19, 'AccountSuspended', true],
    [611, 'RateLimited', false],
    [1000, 'ProviderUnavailable', false],
  ])('maps scripted error_code %i to %s', async (errorCode, type, nonRetryable) => {
    fake.failNext({ errorCode });
    const failure = await failureOf(provider.identify(clip));
    expect(failure.type).toBe(type);
    expect(failure.nonRetryable).toBe(nonRetryable);
  });

  it('retries an HTTP 503 with a non-JSON body and succeeds when the fake recovers', async () => {
    fake.failNext({ httpStatus: 503 });
    const failure = await failureOf(provider.identify(clip));
    expect(failure.type).toBe('ProviderUnavailable');
    expect(failure.nonRetryable).toBe(false);
    await expect(provider.identify(clip)).resolves.toMatchObject({ title: 'One More Time' });
  });

  it('refuses a clip over 10 MB before uploading it', async () => {
    const big = join(dir, 'big.wav');
    await writeFile(big, Buffer.alloc(10 * 1024 * 1024 + 1));
    const calls = fake.calls();
    expect((await failureOf(provider.identify(big))).type).toBe('InvalidInput');
    expect(fake.calls()).toBe(calls);
  });
});
