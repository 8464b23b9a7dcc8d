import fc from 'fast-check';
import { buildMusicPrompt, MAX_PROMPT_LENGTH } from './prompt';

const TAIL = 'instrumental only, no vocals, suitable for video background music';

describe('buildMusicPrompt', () => {
  it('puts every field into one sentence list, user words first and the fixed tail last', () => {
    const prompt = buildMusicPrompt({
      userPrompt: 'Warm lo-fi groove for a cooking video.',
      referenceSong: { title: 'Blue Monday', artist: 'New Order', bpm: 129.6, key: 'D minor' },
      mood: 'relaxed',
      instruments: ['Rhodes piano', 'brushed drums', 'Rhodes piano'],
      durationSeconds: 30,
      sceneContext: { dominantMood: 'uplifting', averageEnergy: 61.7, summary: '3 scenes, building up.' },
    });
    expect(prompt).toBe(
      'Warm lo-fi groove for a cooking video. In the feel of "Blue Monday" by New Order. relaxed mood. ' +
        'featuring Rhodes piano, brushed drums. around 130 BPM, in D minor. about 30 seconds long. ' +
        'scoring a video that is mostly uplifting with energy 62/100 (3 scenes, building up). ' +
        TAIL,
    );
  });

  it('works from the duration alone and writes minutes past 60 s', () => {
    expect(buildMusicPrompt({ durationSeconds: 150 })).toBe(`about 2:30 long. ${TAIL}`);
  });

  it('is deterministic', () => {
    const input = { userPrompt: 'epic trailer', mood: 'tense', durationSeconds: 45 };
    expect(buildMusicPrompt(input)).toBe(buildMusicPrompt({ ...input }));
  });

  it('cuts a long user prompt at a word boundary with an ellipsis and keeps the tail', () => {
    const prompt = buildMusicPrompt({ userPrompt: 'gentle strings '.repeat(200), durationSeconds: 30 });
    expect(prompt.length).toBeLessThanOrEqual(MAX_PROMPT_LENGTH);
    expect(prompt).toMatch(/^gentle strings .*(gentle|strings)…\. about 30 seconds long\. /);
    expect(prompt.endsWith(TAIL)).toBe(true);
  });

  it('flattens control characters and whitespace runs in user text', () => {
    expect(buildMusicPrompt({ userPrompt: 'dark\n\n\tambient\u0007 drone', durationSeconds: 20 })).toBe(
      `dark ambient drone. about 20 seconds long. ${TAIL}`,
    );
  });

  it('leaves out empty or invalid optional parts', () => {
    expect(
      buildMusicPrompt({ userPrompt: '   ', mood: ' ', instruments: [' '], referenceSong: { title: 'T', artist: 'A', bpm: Number.NaN }, durationSeconds: 10 }),
    ).toBe(`In the feel of "T" by A. about 10 seconds long. ${TAIL}`);
  });

  it('stays within 1024 characters and keeps the tail for any input', () => {
    const text = fc.string({ maxLength: 3000 });
    fc.assert(
      fc.property(
        fc.record({
          userPrompt: fc.option(text, { nil: undefined }),
          mood: fc.option(text, { nil: undefined }),
          instruments: fc.option(fc.array(text, { maxLength: 30 }), { nil: undefined }),
          referenceSong: fc.option(
            fc.record({ title: text, artist: text, bpm: fc.option(fc.double(), { nil: undefined }), key: fc.option(text, { nil: undefined }) }),
            { nil: undefined },
          ),
          durationSeconds: fc.double({ min: 0, max: 600, noNaN: true }),
          sceneContext: fc.option(fc.record({ dominantMood: text, averageEnergy: fc.double({ min: 0, max: 100, noNaN: true }), summary: fc.option(text, { nil: undefined }) }), {
            nil: undefined,
          }),
        }),
        (input) => {
          const prompt = buildMusicPrompt(input);
          return prompt.length <= MAX_PROMPT_LENGTH && prompt.includes('instrumental only, no vocals') && prompt.includes('suitable for video background music');
        },
      ),
    );
  });
});
