import { moodFromFeatures } from './mood';

describe('moodFromFeatures', () => {
  it.each([
    ['A minor', 8, 'epic'],
    ['A minor', 5, 'dark'],
    ['C#m', 3, 'mysterious'],
    ['E minor', 1, 'sad'],
    ['C major', 9, 'energetic'],
    ['G major', 6, 'happy'],
    ['F major', 4, 'romantic'],
    ['D major', 2, 'calm'],
  ])('%s at energy %d reads as %s', (key, energy, mood) => {
    expect(moodFromFeatures(key, energy)).toBe(mood);
  });
});
