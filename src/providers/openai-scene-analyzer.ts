import { z } from 'zod';
import { ErrorType, permanentFailure, transientFailure } from '../shared/errors';
import { fetchOrFail, type FetchFn, parseRetryAfterMs, readJsonBody, sanitizeProviderMessage } from './http';
import { mapOpenAiError, parseOpenAiErrorBody } from './openai-errors';
import type { TranscriptSegment } from '../contracts/music-generation';
import { checkSegments, SCENE_MOODS, type SceneAnalysis, sceneAnalysisSchema, type SceneAnalyzer } from './scene-analyzer';

export interface OpenAiSceneAnalyzerOptions {
  apiKey: string;
  model: string;
  /** `https://api.openai.com/v1` by default; any OpenAI-compatible base URL. */
  baseUrl?: string;
  /** Many compatible providers only support `json_object` ⚠ (external-apis.md §5). */
  responseFormat?: 'json_schema' | 'json_object';
  fetch?: FetchFn;
  requestTimeoutMs?: number;
  maxCompletionTokens?: number;
}

const PROVIDER = 'Chat API';
const MAX_SUMMARY_LENGTH = 200;

const INSTRUCTIONS = [
  'You analyse a video transcript so that background music can be scored for it.',
  'Answer with one JSON object only, with these fields:',
  'dominantMood (the mood covering most of the video), averageEnergy (0-100, time-weighted),',
  'sceneCount (number of scenes), summary (one line, at most 200 characters),',
  'scenes (array of {start, end, mood, energy}: contiguous time ranges in seconds, split at long pauses or changes of mood; energy 0-100).',
  `Every mood is one of: ${SCENE_MOODS.join(', ')}.`,
].join(' ');

/** Strict structured-output schema; ranges are checked by zod afterwards since not every server supports min/max. */
const JSON_SCHEMA = {
  name: 'scene_analysis',
  strict: true,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['dominantMood', 'averageEnergy', 'sceneCount', 'summary', 'scenes'],
    properties: {
      dominantMood: { type: 'string', enum: SCENE_MOODS },
      averageEnergy: { type: 'number', description: '0 to 100' },
      sceneCount: { type: 'integer' },
      summary: { type: 'string', description: 'one line' },
      scenes: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['start', 'end', 'mood', 'energy'],
          properties: {
            start: { type: 'number' },
            end: { type: 'number' },
            mood: { type: 'string', enum: SCENE_MOODS },
            energy: { type: 'number', description: '0 to 100' },
          },
        },
      },
    },
  },
} as const;

const completionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
});

/** Scene analysis by an OpenAI-compatible chat model with JSON output, validated before use. */
export class OpenAiSceneAnalyzer implements SceneAnalyzer {
  readonly name = 'openai';
  private readonly options: Required<Omit<OpenAiSceneAnalyzerOptions, 'fetch'>> & { fetch: FetchFn };

  constructor(options: OpenAiSceneAnalyzerOptions) {
    if (options.apiKey.length === 0) throw permanentFailure(ErrorType.InvalidApiKey, 'Chat API: no API key configured');
    this.options = {
      ...options,
      baseUrl: (options.baseUrl ?? 'https://api.openai.com/v1').replace(/\/+$/, ''),
      responseFormat: options.responseFormat ?? 'json_schema',
      fetch: options.fetch ?? fetch,
      requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
      maxCompletionTokens: options.maxCompletionTokens ?? 4_000,
    };
  }

  async analyze(segments: readonly TranscriptSegment[]): Promise<SceneAnalysis> {
    const ordered = checkSegments(segments);
    const response = await fetchOrFail(
      PROVIDER,
      this.options.fetch,
      `${this.options.baseUrl}/chat/completions`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${this.options.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(this.requestBody(ordered)),
      },
      this.options.requestTimeoutMs,
    );
    const json = await readJsonBody(response).catch(() => undefined);
    if (!response.ok) {
      const error = parseOpenAiErrorBody(json);
      const retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'));
      throw mapOpenAiError(response.status, { ...error, message: sanitizeProviderMessage(error.message, [this.options.apiKey]) }, retryAfterMs);
    }
    return readAnalysis(json);
  }

  private requestBody(segments: readonly TranscriptSegment[]): Record<string, unknown> {
    const responseFormat =
      this.options.responseFormat === 'json_schema' ? { type: 'json_schema', json_schema: JSON_SCHEMA } : { type: 'json_object' };
    return {
      model: this.options.model,
      temperature: 0,
      seed: 1,
      max_completion_tokens: this.options.maxCompletionTokens,
      response_format: responseFormat,
      messages: [
        // json_object mode needs the word JSON in the messages, or the model may emit whitespace until the limit.
        { role: 'system', content: INSTRUCTIONS },
        { role: 'user', content: JSON.stringify({ segments: segments.map(({ start, end, text }) => ({ start, end, text })) }) },
      ],
    };
  }
}

/**
 * Cut-off output (finish_reason=length) and unreadable or off-schema JSON are retried, since
 * another sample may be fine; a refusal or a content filter stop is final.
 */
function readAnalysis(json: unknown): SceneAnalysis {
  const completion = completionSchema.safeParse(json);
  if (!completion.success) throw transientFailure(ErrorType.ProviderResponseInvalid, 'Chat API: answer is not a chat completion');
  const choice = completion.data.choices[0] as z.infer<typeof completionSchema>['choices'][number];
  if (choice.message.refusal) {
    throw permanentFailure(ErrorType.ContentPolicyViolation, `Chat API refused: ${sanitizeProviderMessage(choice.message.refusal)}`);
  }
  if (choice.finish_reason === 'content_filter') throw permanentFailure(ErrorType.ContentPolicyViolation, 'Chat API: stopped by the content filter');
  if (choice.finish_reason === 'length') throw transientFailure(ErrorType.ProviderResponseInvalid, 'Chat API: output was cut off at the token limit');
  let content: unknown;
  try {
    content = JSON.parse(choice.message.content ?? '');
  } catch {
    throw transientFailure(ErrorType.ProviderResponseInvalid, 'Chat API: content is not JSON');
  }
  const analysis = sceneAnalysisSchema.safeParse(content);
  if (!analysis.success) {
    const where = analysis.error.issues[0]?.path.join('.') ?? '';
    throw transientFailure(ErrorType.ProviderResponseInvalid, `Chat API: JSON does not match the scene analysis schema (at ${where || 'root'})`);
  }
  return normalise(analysis.data);
}

/** The scene list is the source of truth: the count follows it, and the summary is one short line. */
function normalise(analysis: SceneAnalysis): SceneAnalysis {
  const summary = analysis.summary.replace(/\s+/g, ' ').trim();
  return {
    ...analysis,
    averageEnergy: Math.round(analysis.averageEnergy),
    sceneCount: analysis.scenes.length,
    summary: summary.length > MAX_SUMMARY_LENGTH ? `${summary.slice(0, MAX_SUMMARY_LENGTH - 1)}…` : summary,
    scenes: analysis.scenes.map((scene) => ({ ...scene, energy: Math.round(scene.energy) })),
  };
}
