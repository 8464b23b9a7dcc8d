import { failureOf } from '../../test/fakes/failure-of';
import { LocalSceneAnalyzer } from './local-scene-analyzer';
import { sceneAnalysisSchema } from './scene-analyzer';

/** The example: a storm and a rescue used to come out "sad, energy 26". */
const stormAndRescue = [
  { start: 0, end: 5, text: 'A storm hit the coast and the ferry started taking on water.' },
  { start: 5.2, end: 10, text: 'Passengers were terrified, screaming for help.' },
  { start: 10.2, end: 15, text: 'The lifeboat crew fought the waves for an hour to rescue them.' },
];

const story = [
  { start: 0, end: 4, text: 'The morning is quiet. We walk slowly by the lake.' },
  { start: 4.2, end: 8, text: 'Lights out, the race starts, faster, faster, go go go!' },
  { start: 14, end: 18, text: 'Then the news came. My grandfather had died in the night.' },
  { start: 18.2, end: 22, text: 'We cried at his funeral and I still miss him.' },
];

describe('LocalSceneAnalyzer', () => {
  const analyzer = new LocalSceneAnalyzer();

  it('hears a storm and a rescue as epic and intense, not sad and calm', async () => {
    const analysis = await analyzer.analyze(stormAndRescue);
    expect(sceneAnalysisSchema.parse(analysis)).toEqual(analysis);
    expect(analysis.dominantMood).toBe('epic');
    expect(analysis.averageEnergy).toBeGreaterThanOrEqual(65);
    expect(analysis.summary).toMatch(/mostly epic/);
  });

  it('hears the same cry for help with nobody fighting back as dark', async () => {
    const analysis = await analyzer.analyze([{ start: 0, end: 4, text: 'Passengers were terrified, screaming for help.' }]);
    expect(analysis.dominantMood).toBe('dark');
  });

  it('keeps a step-by-step tutorial calm and quiet', async () => {
    const analysis = await analyzer.analyze([
      { start: 0, end: 5, text: 'In this lesson we will set up the project.' },
      { start: 5, end: 10, text: 'First, open the settings and select the language, then click save.' },
    ]);
    expect(analysis.sceneCount).toBe(1);
    expect(analysis.scenes[0]).toMatchObject({ start: 0, end: 10, mood: 'calm' });
    expect(analysis.averageEnergy).toBeLessThan(35);
    expect(analysis.summary).toMatch(/^1 scene over 10 s, mostly calm/);
  });

  it.each([
    ['romantic', 'I love you, and I promise to stand beside you for the rest of our lives, my darling.'],
    ['dark', 'The thing in the basement was breathing, and blood dripped down the stairs.'],
    ['mysterious', 'Nobody knows who built the tower, or why its strange door is sealed.'],
    ['sad', 'We buried my father on a grey morning, and I miss him every day.'],
    ['energetic', 'He shoots, he scores! What a goal, the crowd goes wild!'],
    ['happy', 'We had a lovely picnic with the kids and everyone was smiling.'],
  ])('reads as %s: %s', async (mood, text) => {
    expect((await analyzer.analyze([{ start: 0, end: 5, text }])).dominantMood).toBe(mood);
  });

  it('rates a race call high and a grieving line low', async () => {
    const race = await analyzer.analyze([{ start: 0, end: 3, text: 'YES! He wins the sprint! The stadium is going wild!' }]);
    const grief = await analyzer.analyze([{ start: 0, end: 6, text: 'I sat alone by her grave and cried.' }]);
    expect(race.averageEnergy).toBeGreaterThanOrEqual(65);
    expect(grief.averageEnergy).toBeLessThan(35);
  });

  it('cuts scenes at pauses and changes of mood', async () => {
    const analysis = await analyzer.analyze(story);
    expect(analysis.scenes.map(({ start, end, mood }) => ({ start, end, mood }))).toEqual([
      { start: 0, end: 4, mood: 'calm' },
      { start: 4.2, end: 8, mood: 'energetic' },
      { start: 14, end: 22, mood: 'sad' },
    ]);
    expect(analysis.dominantMood).toBe('sad');
    expect(analysis.summary).toBe(`3 scenes over 22 s, mostly sad, average energy ${analysis.averageEnergy}/100, steady`);
  });

  it('does not let a rescue after a long pause turn an earlier danger epic', async () => {
    const [danger, , rescue] = stormAndRescue as [(typeof stormAndRescue)[0], unknown, (typeof stormAndRescue)[0]];
    const analysis = await analyzer.analyze([danger, { ...rescue, start: 30, end: 35 }]);
    expect(analysis.scenes.map((scene) => scene.mood)).toEqual(['dark', 'epic']);
  });

  it('is deterministic and does not depend on the input order', async () => {
    const shuffled = [story[3], story[0], story[2], story[1]].map((segment) => ({ ...segment! }));
    expect(await analyzer.analyze(shuffled)).toEqual(await analyzer.analyze(story));
  });

  it('says when the energy builds up', async () => {
    const analysis = await analyzer.analyze([
      { start: 0, end: 6, text: 'the day begins slowly and quietly' },
      { start: 10, end: 12, text: 'NOW RUN! Faster, faster, go go go!' },
    ]);
    expect(analysis.summary).toMatch(/building up$/);
    expect(analysis.summary).not.toContain('\n');
  });

  it('lets a longer pause threshold and scene length merge scenes', async () => {
    expect((await new LocalSceneAnalyzer({ pauseSeconds: 10, minSceneSeconds: 100 }).analyze(story)).sceneCount).toBe(1);
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
