import type { TranscriptSegment } from '../contracts/music-generation';
import { checkSegments, SCENE_MOODS, type Scene, type SceneAnalysis, type SceneAnalyzer, type SceneMood } from './scene-analyzer';
import { type MoodEvidence, moodEvidence, readSegment, type SegmentReading, settle, strongest } from './segment-mood';

export interface LocalSceneAnalyzerOptions {
  /** A silence at least this long (s) between segments starts a new scene. */
  pauseSeconds?: number;
  /** A segment whose own mood differs from the scene's starts a new scene once the scene has lasted this long (s). */
  minSceneSeconds?: number;
}

/** First and last scene energies this far apart make the summary say "building up" or "winding down". */
const TREND_POINTS = 15;

interface ScoredSegment extends TranscriptSegment {
  evidence: MoodEvidence;
  mood: SceneMood;
  energy: number;
}

/**
 * Scene analysis with no network: each segment's mood from an emotion lexicon (Empath categories mapped to the
 * composer's moods, plus scene cues such as danger met by a rescue), VADER valence, negation and intensifiers;
 * its energy from arousing words and delivery. Scenes are cut at pauses and changes of mood.
 * Pure and deterministic. See docs/scene-analysis.md.
 */
export class LocalSceneAnalyzer implements SceneAnalyzer {
  readonly name = 'local';
  private readonly pauseSeconds: number;
  private readonly minSceneSeconds: number;

  constructor(options: LocalSceneAnalyzerOptions = {}) {
    this.pauseSeconds = options.pauseSeconds ?? 2;
    this.minSceneSeconds = options.minSceneSeconds ?? 4;
  }

  async analyze(segments: readonly TranscriptSegment[]): Promise<SceneAnalysis> {
    return this.analyzeSync(segments);
  }

  analyzeSync(segments: readonly TranscriptSegment[]): SceneAnalysis {
    const scored = scoreInContext(checkSegments(segments), this.pauseSeconds);
    const scenes = this.splitIntoScenes(scored).map(describeScene);
    const dominantMood = dominant(scenes);
    const averageEnergy = Math.round(weightedMean(scenes.map((scene) => [scene.energy, sceneWeight(scene)])));
    return { dominantMood, averageEnergy, sceneCount: scenes.length, summary: summarize(scenes, dominantMood, averageEnergy), scenes };
  }

  private splitIntoScenes(segments: readonly ScoredSegment[]): ScoredSegment[][] {
    const scenes: ScoredSegment[][] = [];
    let current: ScoredSegment[] = [];
    for (const segment of segments) {
      const previous = current.at(-1);
      if (previous !== undefined && this.startsNewScene(current, previous, segment)) {
        scenes.push(current);
        current = [];
      }
      current.push(segment);
    }
    scenes.push(current);
    return scenes;
  }

  private startsNewScene(current: readonly ScoredSegment[], previous: ScoredSegment, next: ScoredSegment): boolean {
    if (next.start - previous.end >= this.pauseSeconds) return true;
    const lasted = previous.end - (current[0] as ScoredSegment).start;
    return lasted >= this.minSceneSeconds && next.mood !== sceneMood(current);
  }
}

/** A rescue told over a few lines still meets the danger told just before it: this many segments either side. */
const STRUGGLE_REACH = 2;

/** Each segment's mood with the struggles of nearby segments counted, as long as no pause separates them. */
function scoreInContext(segments: readonly TranscriptSegment[], pauseSeconds: number): ScoredSegment[] {
  const readings = segments.map((segment) => readSegment(segment.text, segment.end - segment.start));
  const paused = (index: number) => index > 0 && (segments[index] as TranscriptSegment).start - (segments[index - 1] as TranscriptSegment).end >= pauseSeconds;
  return segments.map((segment, index) => {
    let strugglesNearby = 0;
    for (let other = index - 1; other >= Math.max(0, index - STRUGGLE_REACH) && !paused(other + 1); other -= 1) strugglesNearby += (readings[other] as SegmentReading).struggles;
    for (let other = index + 1; other <= Math.min(segments.length - 1, index + STRUGGLE_REACH) && !paused(other); other += 1) strugglesNearby += (readings[other] as SegmentReading).struggles;
    return { ...segment, ...settle(readings[index] as SegmentReading, moodEvidence(readings[index] as SegmentReading, strugglesNearby)) };
  });
}

/** A scene's mood: the strongest summed evidence of its segments. */
function sceneMood(segments: readonly ScoredSegment[]): SceneMood {
  const total = Object.fromEntries(SCENE_MOODS.map((mood) => [mood, segments.reduce((sum, segment) => sum + segment.evidence[mood], 0)]));
  return strongest(total as MoodEvidence);
}

function describeScene(segments: readonly ScoredSegment[]): Scene {
  const first = segments[0] as ScoredSegment;
  const end = Math.max(...segments.map((segment) => segment.end));
  const energy = Math.round(weightedMean(segments.map((segment) => [segment.energy, Math.max(0.5, segment.end - segment.start)])));
  return { start: first.start, end, mood: sceneMood(segments), energy };
}

function sceneWeight(scene: Scene): number {
  return Math.max(0.5, scene.end - scene.start);
}

/** The mood covering the most time; on a tie, the one heard first. */
function dominant(scenes: readonly Scene[]): SceneMood {
  const time = new Map<SceneMood, number>();
  for (const scene of scenes) time.set(scene.mood, (time.get(scene.mood) ?? 0) + sceneWeight(scene));
  let best = (scenes[0] as Scene).mood;
  for (const [mood, seconds] of time) if (seconds > (time.get(best) ?? 0)) best = mood;
  return best;
}

function weightedMean(pairs: readonly (readonly [number, number])[]): number {
  const total = pairs.reduce((sum, [, weight]) => sum + weight, 0);
  return total === 0 ? 0 : pairs.reduce((sum, [value, weight]) => sum + value * weight, 0) / total;
}

function summarize(scenes: readonly Scene[], dominantMood: SceneMood, averageEnergy: number): string {
  const first = scenes[0] as Scene;
  const last = scenes.at(-1) as Scene;
  const seconds = Math.round(last.end - first.start);
  const change = last.energy - first.energy;
  const trend = change >= TREND_POINTS ? 'building up' : change <= -TREND_POINTS ? 'winding down' : 'steady';
  const count = scenes.length === 1 ? '1 scene' : `${scenes.length} scenes`;
  return `${count} over ${seconds} s, mostly ${dominantMood}, average energy ${averageEnergy}/100, ${trend}`;
}
