import { lookUp, SCENE_LEXICON } from './scene-lexicon';
import { moodEvidence, readSegment, scoreSegmentMood } from './segment-mood';

describe('segment mood', () => {
  it('drops a cue right after a negation', () => {
    expect(readSegment('I was scared.', 2).evidence.dark).toBeGreaterThan(readSegment('I was not scared.', 2).evidence.dark);
    expect(scoreSegmentMood('I was scared.', 2).mood).toBe('dark');
    expect(scoreSegmentMood("I wasn't scared at all.", 2).mood).not.toBe('dark');
  });

  it('counts a refusal to give up as a struggle', () => {
    const reading = readSegment('She is exhausted but she will not give up.', 3);
    expect(reading.struggles).toBe(1);
    expect(reading.evidence.epic).toBeGreaterThan(0);
  });

  it('weighs a cue after an intensifier more', () => {
    expect(readSegment('it was so lonely', 2).evidence.sad).toBeGreaterThan(readSegment('it was lonely', 2).evidence.sad);
  });

  it('reads love for a person as romantic and love for a thing as less so', () => {
    expect(readSegment('I love you', 1).evidence.romantic).toBeGreaterThan(readSegment('I love cake', 1).evidence.romantic);
  });

  it('turns a danger epic only when a struggle is in reach', () => {
    const danger = readSegment('The flood trapped them on the roof.', 3);
    expect(danger.dangers).toBeGreaterThan(0);
    const alone = moodEvidence(danger, 0);
    const met = moodEvidence(danger, 1);
    expect(alone.dark).toBeGreaterThan(alone.epic);
    expect(met.epic).toBeGreaterThan(met.dark);
  });

  it('rates shouted action higher than quiet description', () => {
    expect(scoreSegmentMood('RUN! Hurry, the fire is spreading, go now!', 2).energy).toBeGreaterThan(scoreSegmentMood('The lake is still and quiet at dawn.', 3).energy + 30);
  });

  it('keeps energy within 0–100 for empty and extreme text', () => {
    for (const text of ['', 'GO GO GO! RUN! NOW! FASTER! WIN!', 'sleep rest calm quiet softly gently']) {
      const { energy } = scoreSegmentMood(text, 1);
      expect(energy).toBeGreaterThanOrEqual(0);
      expect(energy).toBeLessThanOrEqual(100);
    }
  });
});

describe('scene lexicon', () => {
  it('finds inflected forms of known words', () => {
    expect(lookUp('rescued')?.struggle).toBe(true);
    expect(lookUp('storms')?.danger).toBe(true);
    expect(lookUp('crying')?.moods.sad).toBeGreaterThan(0);
    expect(lookUp('xylophonist')).toBeUndefined();
  });

  it('dropped Empath words whose valence contradicts their category', () => {
    // Empath files "happiness" under sadness; the build script removes it by its VADER valence.
    expect(SCENE_LEXICON.get('happiness')?.moods.sad ?? 0).toBe(0);
    expect(SCENE_LEXICON.get('sorrow')?.moods.sad).toBeGreaterThan(0);
  });
});
