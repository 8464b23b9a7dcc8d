import { failureOf } from '../../test/fakes/failure-of';
import { LocalSceneAnalyzer } from './local-scene-analyzer';
import { sceneAnalysisSchema } from './scene-analyzer';

const story = [
  { start: 0, end: 4, text: 'The morning is quiet. We walk slowly by the lake.' },
  { start: 4.2, end: 8, text: 'It is peaceful and lovely here.' },
  { start: 8.1, end: 11, text: 'WOW! This is AMAZING! Jump in, go go go!' },
  { start: 14, end: 18, text: 'Then the storm came. Everything was destroyed, we lost it all.' },
  { start: 18.2, end: 22, text: 'It was terrible and sad.' },
];

describe('LocalSceneAnalyzer', () => {
  const analyzer = new LocalSceneAnalyzer();

  it('cuts scenes at pauses and sentiment shifts and gives each a mood and energy', async () => {
    const analysis = await analyzer.analyze(story);
    expect(sceneAnalysisSchema.parse(analysis)).toEqual(analysis);
    expect(analysis.scenes.map(({ start, end, mood }) => ({ start, end, mood }))).toEqual([
      { start: 0, end: 4, mood: 'calm' },
      { start: 4.2, end: 11, mood: 'happy' },
      { start: 14, end: 22, mood: 'sad' },
    ]);
    expect(analysis.sceneCount).toBe(3);
    expect(analysis.dominantMood).toBe('sad');
    expect(analysis.summary).toBe(`3 scenes over 22 s, mostly sad, average energy ${analysis.averageEnergy}/100, steady`);
  });

  it('is deterministic and does not depend on the input order', async () => {
    const shuffled = [story[3], story[0], story[4], story[2], story[1]].map((segment) => ({ ...segment! }));
    expect(await analyzer.analyze(shuffled)).toEqual(await analyzer.analyze(story));
  });

  it('keeps one continuous scene when nothing changes', async () => {
    const analysis = await analyzer.analyze([
      { start: 0, end: 3, text: 'Here we mix the flour.' },
      { start: 3, end: 6, text: 'Then we add the water.' },
    ]);
    expect(analysis.sceneCount).toBe(1);
    expect(analysis.scenes[0]).toMatchObject({ start: 0, end: 6, mood: 'calm' });
    expect(analysis.summary).toMatch(/^1 scene over 6 s, mostly calm/);
  });

  it('rates excited fast speech as energetic and a quiet one as calm', async () => {
    const excited = await analyzer.analyze([{ start: 0, end: 3, text: 'YES! We WON the final! This is the best day ever, amazing!' }]);
    const quiet = await analyzer.analyze([{ start: 0, end: 10, text: 'the river flows past the old mill' }]);
    expect(excited.dominantMood).toBe('energetic');
    expect(excited.averageEnergy).toBeGreaterThan(65);
    expect(quiet.averageEnergy).toBeLessThan(20);
  });

  it('says when the energy builds up', async () => {
    const analysis = await analyzer.analyze([
      { start: 0, end: 6, text: 'the day begins' },
      { start: 10, end: 12, text: 'NOW RUN! Faster, faster, go go go!' },
    ]);
    expect(analysis.summary).toMatch(/building up$/);
    expect(analysis.summary).not.toContain('\n');
  });

  it('lets a longer pause threshold merge scenes', async () => {
    expect((await new LocalSceneAnalyzer({ pauseSeconds: 10, sentimentShift: 2.1 }).analyze(story)).sceneCount).toBe(1);
  });

  it.each([
    [[], 'segments: at least one transcript segment is needed'],
    [[{ start: 5, end: 2, text: 'x' }], 'segments[0]: start and end must be finite seconds with 0 ≤ start ≤ end'],
    [[{ start: 0, end: 1, text: 'ok' }, { start: Number.NaN, end: 2, text: 'x' }], 'segments[1]: start and end must be finite seconds with 0 ≤ start ≤ end'],
  ])('refuses invalid segments %#', async (segments, message) => {
    const failure = await failureOf(analyzer.analyze(segments));
    expect(failure.type).toBe('InvalidInput');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toBe(message);
  });
});
