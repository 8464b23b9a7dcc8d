import { failureOf } from '../../test/fakes/failure-of';
import { type OpenAiFailure, type OpenAiFake, startOpenAiFake } from '../../test/fakes/openai-fake';
import { OpenAiSceneAnalyzer } from './openai-scene-analyzer';

const segments = [
  { start: 0, end: 4, text: 'Welcome to the kitchen.' },
  { start: 4, end: 9, text: 'Today we bake bread.' },
];

const analysis = {
  dominantMood: 'happy',
  averageEnergy: 55.4,
  sceneCount: 5,
  summary: 'Two scenes:\nintro then baking.',
  scenes: [
    { start: 0, end: 4, mood: 'calm', energy: 30.2 },
    { start: 4, end: 9, mood: 'happy', energy: 70.6 },
  ],
};

describe('OpenAiSceneAnalyzer against the chat API fake', () => {
  let fake: OpenAiFake;
  let analyzer: OpenAiSceneAnalyzer;

  beforeAll(async () => {
    fake = await startOpenAiFake();
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    analyzer = new OpenAiSceneAnalyzer({ apiKey: fake.apiKey, baseUrl: fake.baseUrl, model: 'gpt-test' });
  });

  it('asks for strict json_schema output and returns the validated analysis', async () => {
    await expect(analyzer.analyze(segments)).resolves.toEqual({
      dominantMood: 'calm',
      averageEnergy: 40,
      sceneCount: 1,
      summary: 'One calm scene.',
      scenes: [{ start: 0, end: 9, mood: 'calm', energy: 40 }],
    });
    expect(fake.lastRequest()).toMatchObject({
      model: 'gpt-test',
      temperature: 0,
      response_format: { type: 'json_schema', json_schema: { name: 'scene_analysis', strict: true } },
    });
  });

  it('works in json_object mode, which the fake (like OpenAI) only accepts when a message says JSON', async () => {
    const plain = new OpenAiSceneAnalyzer({ apiKey: fake.apiKey, baseUrl: fake.baseUrl, model: 'gpt-test', responseFormat: 'json_object' });
    await expect(plain.analyze(segments)).resolves.toMatchObject({ dominantMood: 'calm' });
    expect(fake.lastRequest()).toMatchObject({ response_format: { type: 'json_object' } });
  });

  it('takes the scene count from the scenes, rounds energies and keeps the summary on one line', async () => {
    fake.replyNext({ content: JSON.stringify(analysis) });
    await expect(analyzer.analyze(segments)).resolves.toEqual({
      dominantMood: 'happy',
      averageEnergy: 55,
      sceneCount: 2,
      summary: 'Two scenes: intro then baking.',
      scenes: [
        { start: 0, end: 4, mood: 'calm', energy: 30 },
        { start: 4, end: 9, mood: 'happy', energy: 71 },
      ],
    });
  });

  it.each([
    ['a refusal', { content: null, refusal: "I can't help with that." }, 'ContentPolicyViolation', true],
    ['a content filter stop', { content: '', finishReason: 'content_filter' as const }, 'ContentPolicyViolation', true],
    ['output cut off at the token limit', { content: '{"dominantMood":"ca', finishReason: 'length' as const }, 'ProviderResponseInvalid', false],
    ['content that is not JSON', { content: 'Sure! Here is the analysis.' }, 'ProviderResponseInvalid', false],
    ['JSON off the schema', { content: JSON.stringify({ ...analysis, dominantMood: 'furious' }) }, 'ProviderResponseInvalid', false],
    ['energy out of range', { content: JSON.stringify({ ...analysis, averageEnergy: 140 }) }, 'ProviderResponseInvalid', false],
  ])('treats %s as a failure', async (_name, completion, type, nonRetryable) => {
    fake.replyNext(completion);
    const failure = await failureOf(analyzer.analyze(segments));
    expect(failure.type).toBe(type);
    expect(failure.nonRetryable).toBe(nonRetryable);
  });

  it.each([
    ['badRequest', 'InvalidInput', true],
    ['unauthorized', 'InvalidApiKey', true],
    ['region', 'AuthenticationFailed', true],
    ['modelNotFound', 'InvalidInput', true],
    ['rateLimit', 'RateLimited', false],
    ['quota', 'QuotaExceeded', true],
    ['serverError', 'ProviderUnavailable', false],
    ['overloaded', 'ProviderUnavailable', false],
  ] as [OpenAiFailure, string, boolean][])('maps %s to %s', async (failure, type, nonRetryable) => {
    fake.failNext(failure);
    const error = await failureOf(analyzer.analyze(segments));
    expect(error.type).toBe(type);
    expect(error.nonRetryable).toBe(nonRetryable);
    expect(error.message).not.toMatch(/sk-fake/);
  });

  it('passes retry-after on a rate limit and succeeds when the fake recovers', async () => {
    fake.failNext('rateLimit');
    expect((await failureOf(analyzer.analyze(segments))).nextRetryDelay).toBe(3000);
    await expect(analyzer.analyze(segments)).resolves.toMatchObject({ sceneCount: 1 });
  });

  it('rejects a wrong key as InvalidApiKey without echoing any key', async () => {
    const wrong = new OpenAiSceneAnalyzer({ apiKey: 'sk-wrong-1234567', baseUrl: fake.baseUrl, model: 'gpt-test' });
    const failure = await failureOf(wrong.analyze(segments));
    expect(failure.type).toBe('InvalidApiKey');
    expect(failure.message).toBe('Chat API: Incorrect API key provided: [redacted] (invalid_api_key)');
  });

  it('maps an unknown model to InvalidInput', async () => {
    const unknown = new OpenAiSceneAnalyzer({ apiKey: fake.apiKey, baseUrl: fake.baseUrl, model: 'unknown-model' });
    expect((await failureOf(unknown.analyze(segments))).type).toBe('InvalidInput');
  });

  it('checks the segments before calling the API', async () => {
    const calls = fake.calls();
    expect((await failureOf(analyzer.analyze([]))).type).toBe('InvalidInput');
    expect(fake.calls()).toBe(calls);
  });
});
