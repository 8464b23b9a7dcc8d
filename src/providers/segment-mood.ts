import { SentimentIntensityAnalyzer } from 'vader-sentiment';
import { SCENE_MOODS, type SceneMood } from './scene-analyzer';
import { lookUp } from './scene-lexicon';
import { energyCues } from './segment-energy';

export type MoodEvidence = Record<SceneMood, number>;

export interface SegmentMood {
  evidence: MoodEvidence;
  /** The mood with the most evidence. */
  mood: SceneMood;
  /** 0–100. */
  energy: number;
}

const NEGATORS = new Set(['not', 'no', 'never', 'without', 'nothing', 'cannot', 'nor', 'neither']);
const BOOSTERS = new Set(['very', 'so', 'really', 'absolutely', 'totally', 'extremely', 'incredibly', 'completely', 'utterly', 'truly', 'most']);
/** A cue this many words after a negator does not hold ("not afraid", "never lost"). */
const NEGATION_WINDOW = 2;
const BOOST = 1.5;
/** Words whose negation is a struggle. */
const REFUSALS = new Set(['quit', 'quits', 'surrender', 'surrenders', 'yield', 'retreat']);
const REFUSAL_WEIGHT = 0.8;
/** "love you", "loved her": love for a person is romantic, love for a cake is not. */
const LOVE_WORDS = new Set(['love', 'loved', 'loves', 'loving', 'adore', 'adored', 'kissed', 'kiss', 'hugged', 'miss']);
const PERSONS = new Set(['you', 'me', 'him', 'her', 'us', 'each', 'my']);
const LOVE_FOR_SOMEONE = 0.8;

/** With nothing else said, narration scores as calm: the composer's neutral choice. */
const CALM_PRIOR = 0.4;
/** A danger met by a struggle ("pulling families from rooftops in the flood") is epic, per pair of cues. */
const DANGER_MET = 1.2;
/** A danger nobody fights is dark. */
const DANGER_ALONE = 1;
/** VADER compound (−1…1) turned into evidence: positive text leans happy, negative sad and dark. */
const POSITIVE_TO_HAPPY = 1.2;
const NEGATIVE_TO_SAD = 0.6;
const NEGATIVE_TO_DARK = 0.4;
/** Loud positive or neutral segments lean energetic, loud negative ones epic, by this much per energy point above 60. */
const LOUD_LEAN = 0.03;
const LOUD_FROM = 60;

/** How said (delivery) against what is said (words): the words carry most, transcripts lose delivery. */
const ENERGY_WEIGHTS = { words: 0.6, exclamation: 0.15, capitals: 0.1, speechRate: 0.15 } as const;
/** Word arousal summed over a segment is squashed by tanh at this scale: two strong cues ≈ nearly fully aroused. */
const AROUSAL_SCALE = 1;
const SLOW_WORDS_PER_SECOND = 1.5;
const FAST_WORDS_PER_SECOND = 4;

const WORD = /[a-z]+(?:'[a-z]+)?/g;

/** What one segment says, before its neighbours are taken into account. */
export interface SegmentReading {
  /** Evidence from words and valence, without the danger terms (they depend on the neighbours). */
  evidence: MoodEvidence;
  dangers: number;
  struggles: number;
  compound: number;
  /** 0–100. */
  energy: number;
}

/** Words and valence of one segment: Empath + scene cues with negation and intensifiers, VADER compound, delivery. */
export function readSegment(text: string, durationSeconds: number): SegmentReading {
  // "no one knows" is about nobody, not a negated "knows".
  const tokens = text.toLowerCase().replace(/\bno one\b/g, 'nobody').match(WORD) ?? [];
  const evidence = Object.fromEntries(SCENE_MOODS.map((mood) => [mood, 0])) as MoodEvidence;
  let arousal = 0;
  let dangers = 0;
  let struggles = 0;
  tokens.forEach((token, index) => {
    const negated = isNegated(tokens, index);
    if (negated && (REFUSALS.has(token) || (token === 'give' && tokens[index + 1] === 'up'))) {
      // "will not give up", "never surrenders": a refusal to yield is a struggle.
      evidence.epic += REFUSAL_WEIGHT;
      struggles += 1;
      return;
    }
    const cue = lookUp(token.replace(/'s$/, ''));
    if (cue === undefined || negated) return;
    const weight = index > 0 && BOOSTERS.has(tokens[index - 1] as string) ? BOOST : 1;
    for (const [mood, value] of Object.entries(cue.moods) as [SceneMood, number][]) evidence[mood] += value * weight;
    if (LOVE_WORDS.has(token) && PERSONS.has(tokens[index + 1] ?? '')) evidence.romantic += LOVE_FOR_SOMEONE;
    arousal += cue.arousal * weight;
    if (cue.danger) dangers += 1;
    if (cue.struggle) struggles += 1;
  });
  const { compound } = SentimentIntensityAnalyzer.polarity_scores(text);
  evidence.happy += Math.max(0, compound) * POSITIVE_TO_HAPPY;
  evidence.sad += Math.max(0, -compound) * NEGATIVE_TO_SAD;
  evidence.dark += Math.max(0, -compound) * NEGATIVE_TO_DARK;
  evidence.calm += CALM_PRIOR;
  return { evidence, dangers, struggles, compound, energy: segmentEnergy(text, durationSeconds, arousal) };
}

/**
 * A segment's mood evidence once its neighbours are known: a danger met by a struggle in the same or an
 * adjacent segment ("terrified, screaming for help" / "rescuers pulled them out") is epic, a danger nobody
 * fights is dark; loud segments lean energetic, or epic when negative.
 */
export function moodEvidence(reading: SegmentReading, strugglesNearby: number): MoodEvidence {
  const evidence = { ...reading.evidence };
  const struggles = reading.struggles + strugglesNearby;
  if (reading.dangers > 0 && struggles > 0) evidence.epic += DANGER_MET * Math.min(reading.dangers, struggles);
  else evidence.dark += DANGER_ALONE * reading.dangers;
  const loudness = Math.max(0, reading.energy - LOUD_FROM) * LOUD_LEAN;
  if (reading.compound > -0.05) evidence.energetic += loudness;
  else evidence.epic += loudness;
  return evidence;
}

/**
 * Where each mood sits on the arousal axis of the valence–arousal circumplex, 0–100: a rescue is loud even
 * when the transcript has no exclamation marks, a lullaby quiet even when read fast.
 */
const MOOD_AROUSAL: Record<SceneMood, number> = { energetic: 85, epic: 80, dark: 55, happy: 50, mysterious: 30, romantic: 30, sad: 25, calm: 20 };
const MOOD_AROUSAL_SHARE = 0.4;

/** The mood with the most evidence and the energy it implies together with the segment's own cues. */
export function settle(reading: SegmentReading, evidence: MoodEvidence): SegmentMood {
  const mood = strongest(evidence);
  const energy = Math.round((1 - MOOD_AROUSAL_SHARE) * reading.energy + MOOD_AROUSAL_SHARE * MOOD_AROUSAL[mood]);
  return { evidence, mood, energy };
}

/** One segment on its own. */
export function scoreSegmentMood(text: string, durationSeconds: number): SegmentMood {
  const reading = readSegment(text, durationSeconds);
  return settle(reading, moodEvidence(reading, 0));
}

function isNegated(tokens: readonly string[], index: number): boolean {
  for (let back = 1; back <= NEGATION_WINDOW && index - back >= 0; back += 1) {
    const token = tokens[index - back] as string;
    if (NEGATORS.has(token) || token.endsWith("n't")) return true;
  }
  return false;
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function segmentEnergy(text: string, durationSeconds: number, arousal: number): number {
  const cues = energyCues(text, durationSeconds, 0);
  const words = 0.5 + 0.5 * Math.tanh(arousal / AROUSAL_SCALE);
  const rate = clamp01((cues.wordsPerSecond - SLOW_WORDS_PER_SECOND) / (FAST_WORDS_PER_SECOND - SLOW_WORDS_PER_SECOND));
  const weighted =
    ENERGY_WEIGHTS.words * words +
    ENERGY_WEIGHTS.exclamation * clamp01(cues.exclamationsPerSentence) +
    // Shouting one word in three is already a lot.
    ENERGY_WEIGHTS.capitals * clamp01(cues.capitalsShare * 3) +
    ENERGY_WEIGHTS.speechRate * rate;
  return Math.round(100 * weighted);
}

/** The mood with the most evidence; on a tie, calm, then the first in the vocabulary's order. */
export function strongest(evidence: MoodEvidence): SceneMood {
  let best: SceneMood = 'calm';
  for (const mood of SCENE_MOODS) if (evidence[mood] > evidence[best]) best = mood;
  return best;
}
