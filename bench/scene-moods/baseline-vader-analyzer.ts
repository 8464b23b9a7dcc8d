import { SentimentIntensityAnalyzer } from 'vader-sentiment';
import type { TranscriptSegment } from '../../src/contracts/music-generation';
import { checkSegments, type Scene, type SceneAnalysis, type SceneAnalyzer, type SceneMood } from '../../src/providers/scene-analyzer';
import { energyCues, energyScore } from '../../src/providers/segment-energy';

interface BaselineOptions {
  /** A silence at least this long (s) between segments starts a new scene. */
  pauseSeconds?: number;
  /** A change of sentiment polarity this large (compound, 0–2) starts a new scene... */
  sentimentShift?: number;
  /** ...once the current scene has lasted this long (s), so one odd line does not split it. */
  minSceneSeconds?: number;
}

/** VADER's own thresholds for positive and negative text. */
const POSITIVE = 0.05;
const NEGATIVE = -0.05;
const HIGH_ENERGY = 65;
const LOW_ENERGY = 35;
/** First and last scene energies this far apart make the summary say "building up" or "winding down". */
const TREND_POINTS = 15;

interface ScoredSegment extends TranscriptSegment {
  compound: number;
  energy: number;
  words: number;
}

/**
 * The bench's baseline: the local scene analyzer as it shipped before the Empath-based one (commit d5992cc,
 * src/providers/local-scene-analyzer.ts), kept here unchanged so `npm run bench:scenes` measures both in one run.
 *
 * Scene analysis with no network: VADER sentiment per segment, an energy score from speech rate,
 * exclamation, capitals and sentiment intensity, and scenes cut at pauses and sentiment shifts.
 * Pure and deterministic.
 */
export class VaderBaselineSceneAnalyzer implements SceneAnalyzer {
  readonly name = 'vader-baseline';
  private readonly pauseSeconds: number;
  private readonly sentimentShift: number;
  private readonly minSceneSeconds: number;

  constructor(options: BaselineOptions = {}) {
    this.pauseSeconds = options.pauseSeconds ?? 2;
    this.sentimentShift = options.sentimentShift ?? 0.6;
    this.minSceneSeconds = options.minSceneSeconds ?? 4;
  }

  async analyze(segments: readonly TranscriptSegment[]): Promise<SceneAnalysis> {
    return this.analyzeSync(segments);
  }

  analyzeSync(segments: readonly TranscriptSegment[]): SceneAnalysis {
    const scored = checkSegments(segments).map(scoreSegment);
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
    if (lasted < this.minSceneSeconds) return false;
    const sceneCompound = sceneSentiment(current);
    return polarity(sceneCompound) !== polarity(next.compound) && Math.abs(next.compound - sceneCompound) >= this.sentimentShift;
  }
}

function scoreSegment(segment: TranscriptSegment): ScoredSegment {
  const { compound } = SentimentIntensityAnalyzer.polarity_scores(segment.text);
  const cues = energyCues(segment.text, segment.end - segment.start, compound);
  const words = Math.round(cues.wordsPerSecond * Math.max(0.5, segment.end - segment.start));
  return { ...segment, compound, energy: energyScore(cues), words };
}

function polarity(compound: number): -1 | 0 | 1 {
  if (compound >= POSITIVE) return 1;
  if (compound <= NEGATIVE) return -1;
  return 0;
}

/** Sentiment of a scene: its segments' compounds weighted by how much was said. */
function sceneSentiment(segments: readonly ScoredSegment[]): number {
  return weightedMean(segments.map((segment) => [segment.compound, Math.max(1, segment.words)]));
}

function describeScene(segments: readonly ScoredSegment[]): Scene {
  const first = segments[0] as ScoredSegment;
  const end = Math.max(...segments.map((segment) => segment.end));
  const energy = Math.round(weightedMean(segments.map((segment) => [segment.energy, Math.max(0.5, segment.end - segment.start)])));
  return { start: first.start, end, mood: moodOf(sceneSentiment(segments), energy), energy };
}

/** Sentiment picks the side, energy the intensity, in the composer's mood words. */
function moodOf(compound: number, energy: number): SceneMood {
  const side = polarity(compound);
  if (side > 0) return energy >= HIGH_ENERGY ? 'energetic' : energy >= LOW_ENERGY ? 'happy' : 'calm';
  if (side < 0) return energy >= HIGH_ENERGY ? 'epic' : energy >= LOW_ENERGY ? 'dark' : 'sad';
  return energy >= HIGH_ENERGY ? 'energetic' : 'calm';
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
