import { EMPATH_CATEGORIES, type EmpathCategory } from './empath-categories';
import type { SceneMood } from './scene-analyzer';

/** How strongly a word points at each mood, and how much it raises (+) or lowers (−) the energy, −1…1. */
export interface WordCue {
  moods: Partial<Record<SceneMood, number>>;
  arousal: number;
  /** A threat or disaster ("storm", "trapped"): with a struggle cue near it reads as epic, alone as dark. */
  danger?: boolean;
  /** Effort against something ("rescue", "fighting", "refuses"). */
  struggle?: boolean;
}

/**
 * Empath categories → the composer's moods. Category words were grown from seeds by embeddings, so each
 * counts for less than a hand-picked scene cue below.
 */
const CATEGORY_CUES: Record<EmpathCategory, WordCue> = {
  love: { moods: { romantic: 0.5 }, arousal: 0 },
  affection: { moods: { romantic: 0.5 }, arousal: -0.2 },
  wedding: { moods: { romantic: 0.8 }, arousal: 0 },
  heroic: { moods: { epic: 0.8 }, arousal: 0.5 },
  war: { moods: { epic: 0.5, dark: 0.4 }, arousal: 0.6 },
  fight: { moods: { epic: 0.5, energetic: 0.2 }, arousal: 0.6 },
  strength: { moods: { epic: 0.5 }, arousal: 0.4 },
  legend: { moods: { epic: 0.4, mysterious: 0.4 }, arousal: 0.1 },
  horror: { moods: { dark: 0.8 }, arousal: 0.6 },
  fear: { moods: { dark: 0.7 }, arousal: 0.4 },
  violence: { moods: { dark: 0.5, energetic: 0.2 }, arousal: 0.6 },
  kill: { moods: { dark: 0.8 }, arousal: 0.5 },
  monster: { moods: { dark: 0.7, mysterious: 0.2 }, arousal: 0.3 },
  terrorism: { moods: { dark: 0.6 }, arousal: 0.5 },
  crime: { moods: { dark: 0.5, mysterious: 0.3 }, arousal: 0.1 },
  torment: { moods: { dark: 0.4, sad: 0.4 }, arousal: 0.1 },
  magic: { moods: { mysterious: 0.7 }, arousal: 0 },
  confusion: { moods: { mysterious: 0.6 }, arousal: 0 },
  deception: { moods: { dark: 0.4, mysterious: 0.4 }, arousal: 0 },
  anonymity: { moods: { mysterious: 0.8 }, arousal: -0.2 },
  sadness: { moods: { sad: 0.8 }, arousal: -0.4 },
  death: { moods: { sad: 0.7, dark: 0.2 }, arousal: -0.2 },
  suffering: { moods: { sad: 0.6, dark: 0.2 }, arousal: 0 },
  disappointment: { moods: { sad: 0.7 }, arousal: -0.3 },
  sports: { moods: { energetic: 0.7 }, arousal: 0.5 },
  exercise: { moods: { energetic: 0.6 }, arousal: 0.5 },
  competing: { moods: { energetic: 0.6 }, arousal: 0.5 },
  party: { moods: { happy: 0.5, energetic: 0.4 }, arousal: 0.5 },
  dance: { moods: { energetic: 0.3, happy: 0.3 }, arousal: 0.3 },
  joy: { moods: { happy: 0.8 }, arousal: 0.3 },
  cheerfulness: { moods: { happy: 0.8 }, arousal: 0.4 },
  celebration: { moods: { happy: 0.7 }, arousal: 0.4 },
  fun: { moods: { happy: 0.7 }, arousal: 0.3 },
  optimism: { moods: { happy: 0.6 }, arousal: 0.1 },
  sleep: { moods: { calm: 0.4 }, arousal: -0.7 },
  contentment: { moods: { calm: 0.5, happy: 0.3 }, arousal: -0.4 },
  weather: { moods: { calm: 0.2 }, arousal: 0 },
};

/**
 * Scene cues Empath lacks or files under the wrong mood for scoring video: written for this analyzer from
 * what narration of each kind of scene says (not from the bench's labelled lines).
 */
const SCENE_CUES: Record<string, WordCue> = {
  ...cues(['storm', 'flood', 'flooding', 'flames', 'wildfire', 'blaze', 'trapped', 'drowning', 'drown', 'collapse', 'collapsed', 'blizzard', 'avalanche', 'earthquake', 'tsunami', 'hurricane', 'alarm', 'siege', 'sinking', 'lava', 'rubble', 'emergency', 'danger', 'peril', 'crash', 'waves', 'screaming', 'scream', 'terrified', 'help', 'sink', 'sank', 'fire', 'explosion', 'missing', 'injured'], { moods: {}, arousal: 0.7, danger: true }),
  ...cues(['rescue', 'rescuers', 'rescued', 'save', 'saving', 'fighting', 'battling', 'racing', 'pulling', 'dig', 'digging', 'charge', 'charged', 'escape', 'refuse', 'refuses', 'refusing', 'survive', 'survivors', 'brave', 'courage', 'hold', 'divers', 'firefighters', 'lifeboat', 'crews', 'searching', 'fled', 'flee', 'fought', 'pull', 'battle', 'struggle', 'struggling', 'defend'], { moods: { epic: 0.8 }, arousal: 0.6, struggle: true }),
  ...cues(['legend', 'legendary', 'kingdom', 'armies', 'army', 'fleet', 'invasion', 'dragon', 'glory', 'destiny', 'mighty', 'vast', 'breathtaking', 'massive', 'roared', 'roar', 'rises', 'triumph', 'champions', 'unbelievable', 'history'], { moods: { epic: 1 }, arousal: 0.5 }),
  ...cues(['blood', 'footsteps', 'creature', 'ghost', 'haunted', 'evil', 'demon', 'chains', 'darkness', 'shadow', 'lurking', 'scratching', 'dead', 'corpse', 'murder', 'threat', 'betrayal', 'sold', 'trembled', 'shaking'], { moods: { dark: 1 }, arousal: 0.3 }),
  ...cues(['secret', 'secrets', 'strange', 'unknown', 'mystery', 'mysterious', 'vanished', 'unexplained', 'hidden', 'clue', 'clues', 'signal', 'decode', 'puzzle', 'riddle', 'disappeared', 'runes', 'glowed', 'investigate', 'inspector', 'detective', 'whispered', 'nobody', 'explain', 'sealed', 'abyss', 'disappearance'], { moods: { mysterious: 1 }, arousal: -0.2 }),
  // Weaker: these also turn up in plain narration.
  ...cues(['deep', 'something', 'someone', 'somewhere', 'midnight', 'night', 'fog', 'mist', 'ancient', 'centuries', 'why', 'wonder', 'curious', 'knows', 'footprint', 'shadows'], { moods: { mysterious: 0.5 }, arousal: -0.1 }),
  ...cues(['darling', 'sweetheart', 'bride', 'groom', 'vows', 'marry', 'married', 'kiss', 'romance', 'dearest', 'forever', 'anniversary', 'honeymoon', 'fiancee', 'beloved', 'heart', 'lovers', 'together', 'hands', 'sunset', 'candlelight', 'husband', 'wife'], { moods: { romantic: 1.2 }, arousal: -0.1 }),
  ...cues(['died', 'funeral', 'grave', 'goodbye', 'miss', 'missed', 'lost', 'empty', 'alone', 'lonely', 'tears', 'cry', 'crying', 'hungry', 'grief', 'mourn', 'sorry', 'closure', 'buried', 'remember', 'leaving', 'farewell', 'gone', 'passed', 'split', 'broke'], { moods: { sad: 1 }, arousal: -0.4 }),
  ...cues(['go', 'faster', 'jump', 'push', 'wild', 'insane', 'crowd', 'goal', 'bass', 'sprint', 'speed', 'power', 'arena', 'finish', 'round', 'race', 'fast', 'hype', 'stadium'], { moods: { energetic: 1 }, arousal: 0.8 }),
  ...cues(['fun', 'great', 'nice', 'best', 'gorgeous', 'amazing', 'laugh', 'laughing', 'smile', 'smiled', 'enjoy', 'excited', 'yay', 'hooray', 'cute', 'delicious', 'welcome', 'favourite', 'favorite', 'cheers', 'congratulations', 'lovely'], { moods: { happy: 1 }, arousal: 0.2 }),
  ...cues(['gently', 'slowly', 'softly', 'quiet', 'quietly', 'peaceful', 'peace', 'still', 'silent', 'relax', 'breathe', 'rest', 'calm', 'step', 'stir', 'add', 'click', 'select', 'place', 'pour', 'learn', 'lesson', 'tutorial', 'recipe', 'minutes', 'first', 'then', 'today', 'simple', 'easy', 'walk'], { moods: { calm: 0.5 }, arousal: -0.6 }),
};

/** Words that only say how charged a moment is. */
const AROUSAL_CUES: Record<string, WordCue> = {
  ...cues(['run', 'hurry', 'quick', 'quickly', 'now', 'suddenly', 'explode', 'exploded', 'burst', 'bursts', 'rush', 'rushing', 'shout', 'shouting', 'chase', 'erupt', 'erupts', 'thunder', 'whoa', 'wow', 'yes'], { moods: {}, arousal: 0.8 }),
};

function cues(words: readonly string[], cue: WordCue): Record<string, WordCue> {
  return Object.fromEntries(words.map((word) => [word, cue]));
}

/** Every word the analyzer knows: the scene cues, plus for Empath words the strongest weight each mood gets. */
function buildLexicon(): Map<string, WordCue> {
  const lexicon = new Map<string, WordCue>();
  for (const [category, cue] of Object.entries(CATEGORY_CUES) as [EmpathCategory, WordCue][]) {
    for (const word of EMPATH_CATEGORIES[category].split(' ')) {
      const known = lexicon.get(word) ?? { moods: {}, arousal: 0 };
      const moods = { ...known.moods };
      for (const [mood, weight] of Object.entries(cue.moods) as [SceneMood, number][]) moods[mood] = Math.max(moods[mood] ?? 0, weight);
      lexicon.set(word, { moods, arousal: Math.abs(cue.arousal) > Math.abs(known.arousal) ? cue.arousal : known.arousal });
    }
  }
  for (const [word, cue] of Object.entries({ ...AROUSAL_CUES, ...SCENE_CUES })) {
    const known = lexicon.get(word);
    // A danger word's mood depends on whether anyone fights it (segment-mood.ts), so Empath's is dropped.
    lexicon.set(word, known === undefined || cue.danger ? cue : { ...cue, moods: { ...known.moods, ...cue.moods } });
  }
  return lexicon;
}

export const SCENE_LEXICON: ReadonlyMap<string, WordCue> = buildLexicon();

/** The dictionary form to look up for an inflected word ("rescued" → "rescue", "cries" → "cry"), if known. */
export function lookUp(word: string): WordCue | undefined {
  for (const form of candidateForms(word)) {
    const cue = SCENE_LEXICON.get(form);
    if (cue !== undefined) return cue;
  }
  return undefined;
}

function candidateForms(word: string): string[] {
  const forms = [word];
  if (word.endsWith('ies') || word.endsWith('ied')) forms.push(`${word.slice(0, -3)}y`);
  if (word.endsWith('ing')) forms.push(word.slice(0, -3), `${word.slice(0, -3)}e`, word.slice(0, -4));
  if (word.endsWith('ed')) forms.push(word.slice(0, -2), word.slice(0, -1), word.slice(0, -3));
  if (word.endsWith('es')) forms.push(word.slice(0, -2));
  if (word.endsWith('s')) forms.push(word.slice(0, -1));
  if (word.endsWith('ly')) forms.push(word.slice(0, -2));
  return [word, ...forms.slice(1).filter((form) => form.length >= 3)];
}
