import { energyCues, energyScore } from './segment-energy';

describe('segment energy', () => {
  it('reads speech rate, exclamation, capitals and intensity from one segment', () => {
    expect(energyCues('WOW! This is AMAZING!', 2, 0.8)).toEqual({ wordsPerSecond: 2, exclamationsPerSentence: 1, capitalsShare: 0.5, intensity: 0.8 });
  });

  it('scores slow calm narration low and fast shouting high', () => {
    const calm = energyScore(energyCues('we walk by the lake', 5, 0));
    const loud = energyScore(energyCues('GO GO GO! RUN NOW! FASTER THAN EVER!', 2, -0.7));
    expect(calm).toBeLessThan(10);
    expect(loud).toBeGreaterThan(85);
  });

  it('stays within 0–100 at the extremes and for empty text', () => {
    expect(energyScore(energyCues('', 0, 0))).toBe(0);
    expect(energyScore({ wordsPerSecond: 50, exclamationsPerSentence: 9, capitalsShare: 1, intensity: 1 })).toBe(100);
  });
});
