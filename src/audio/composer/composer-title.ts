import type { SpelledKey } from './composer-key';
import type { Mood } from '../../music/vocabulary';
import { MOOD_PROFILES } from './composer-moods';
import { createRandom } from './composer-random';

/** A human title such as 'Moonlit Promise in F major', stable for a mood, key and seed. */
export function composeTitle(mood: Mood, key: SpelledKey, seed: number): string {
  const random = createRandom(seed, 'title');
  const { adjectives, nouns } = MOOD_PROFILES[mood].titleWords;
  return `${random.pick(adjectives)} ${random.pick(nouns)} in ${key.name}`;
}
