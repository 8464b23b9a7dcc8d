/**
 * Energy of one spoken segment, 0–100, from how it is said rather than what it says:
 * speech rate, exclamation, shouting in capitals, plus the sentiment's intensity.
 * The weights favour speech rate, the one cue every transcript carries.
 */
export const ENERGY_WEIGHTS = { speechRate: 0.45, exclamation: 0.2, capitals: 0.15, intensity: 0.2 } as const;

/** Calm narration runs near 2 words/s, excited speech near 4: map 1 → 0 and 4 → 1. */
const SLOW_WORDS_PER_SECOND = 1;
const FAST_WORDS_PER_SECOND = 4;
/** Very short segments give unstable rates; treat them as lasting at least this long. */
const MIN_SEGMENT_SECONDS = 0.5;

const WORD = /[\p{L}\p{N}']+/gu;
const SENTENCE_END = /[.!?]+/g;

export interface EnergyCues {
  wordsPerSecond: number;
  exclamationsPerSentence: number;
  capitalsShare: number;
  intensity: number;
}

export function energyCues(text: string, durationSeconds: number, sentimentCompound: number): EnergyCues {
  const words = text.match(WORD) ?? [];
  const sentences = Math.max(1, (text.match(SENTENCE_END) ?? []).length);
  const longWords = words.filter((word) => /\p{L}{2,}/u.test(word));
  const shouted = longWords.filter((word) => word === word.toUpperCase() && word !== word.toLowerCase());
  return {
    wordsPerSecond: words.length / Math.max(MIN_SEGMENT_SECONDS, durationSeconds),
    exclamationsPerSentence: (text.match(/!/g) ?? []).length / sentences,
    capitalsShare: longWords.length === 0 ? 0 : shouted.length / longWords.length,
    intensity: Math.abs(sentimentCompound),
  };
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

export function energyScore(cues: EnergyCues): number {
  const rate = clamp01((cues.wordsPerSecond - SLOW_WORDS_PER_SECOND) / (FAST_WORDS_PER_SECOND - SLOW_WORDS_PER_SECOND));
  const weighted =
    ENERGY_WEIGHTS.speechRate * rate +
    ENERGY_WEIGHTS.exclamation * clamp01(cues.exclamationsPerSentence) +
    // Shouting one word in three is already a lot.
    ENERGY_WEIGHTS.capitals * clamp01(cues.capitalsShare * 3) +
    ENERGY_WEIGHTS.intensity * clamp01(cues.intensity);
  return 100 * weighted;
}
