import { z } from 'zod';
import type { TranscriptSegment } from '../contracts/music-generation';
import { MOODS, type Mood } from '../music/vocabulary';
import { ErrorType, permanentFailure } from '../shared/errors';

/** The same words the local composer takes as a mood, so a scene mood can drive it. */
export const SCENE_MOODS = MOODS;
export type SceneMood = Mood;

export const sceneSchema = z.object({
  start: z.number().min(0),
  end: z.number().min(0),
  mood: z.enum(SCENE_MOODS),
  energy: z.number().min(0).max(100),
});
export type Scene = z.infer<typeof sceneSchema>;

export const sceneAnalysisSchema = z.object({
  dominantMood: z.enum(SCENE_MOODS),
  averageEnergy: z.number().min(0).max(100),
  sceneCount: z.number().int().min(1),
  summary: z.string().min(1),
  scenes: z.array(sceneSchema).min(1),
});
export type SceneAnalysis = z.infer<typeof sceneAnalysisSchema>;

/** Scene analysis of a transcript, for scoring a video: what mood, how much energy, where it changes. */
export interface SceneAnalyzer {
  readonly name: string;
  analyze(segments: readonly TranscriptSegment[]): Promise<SceneAnalysis>;
}

/**
 * Both analyzers accept the same segments: at least one, finite times, start ≤ end.
 * Returns them ordered by start time. Invalid input names the offending field.
 */
export function checkSegments(segments: readonly TranscriptSegment[]): TranscriptSegment[] {
  if (segments.length === 0) throw permanentFailure(ErrorType.InvalidInput, 'segments: at least one transcript segment is needed', { field: 'segments' });
  segments.forEach((segment, index) => {
    const field = `segments[${index}]`;
    const valid = Number.isFinite(segment.start) && Number.isFinite(segment.end) && segment.start >= 0 && segment.end >= segment.start;
    if (!valid) throw permanentFailure(ErrorType.InvalidInput, `${field}: start and end must be finite seconds with 0 ≤ start ≤ end`, { field });
    if (typeof segment.text !== 'string') throw permanentFailure(ErrorType.InvalidInput, `${field}.text: must be a string`, { field: `${field}.text` });
  });
  return [...segments].sort((a, b) => a.start - b.start);
}
