import type { Mood } from '../../music/vocabulary';

/**
 * A coarse mood from what analysis can measure: the key's mode (major reads brighter) and the energy
 * score (1-10). Used to describe a reference song when no service tells us more.
 */
export function moodFromFeatures(key: string, energy: number): Mood {
  const minor = /minor|m$/i.test(key.trim());
  if (minor) {
    if (energy >= 7) return 'epic';
    if (energy >= 5) return 'dark';
    if (energy >= 3) return 'mysterious';
    return 'sad';
  }
  if (energy >= 7) return 'energetic';
  if (energy >= 5) return 'happy';
  if (energy >= 3) return 'romantic';
  return 'calm';
}
