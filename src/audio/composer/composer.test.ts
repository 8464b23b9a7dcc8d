import { Midi } from '@tonejs/midi';
import { composeScore } from './composer';
import { ComposerInputError } from './composer-errors';
import { parseSpelledKey } from './composer-key';
import { MOODS } from '../../music/vocabulary';
import type { ComposeRequest } from './composer-request';

const base: ComposeRequest = { mood: 'happy', bpm: 120, key: 'A minor', instruments: ['piano', 'bass', 'drums', 'flute'], durationSeconds: 30, seed: 42 };
const KEYS = ['C major', 'A minor', 'F# major', 'Eb minor', 'Bb major', 'C# minor'];

function inputError(request: Partial<ComposeRequest> & Record<string, unknown>): ComposerInputError {
  try {
    composeScore({ ...base, ...request } as ComposeRequest);
  } catch (error) {
    if (error instanceof ComposerInputError) return error;
    throw error;
  }
  throw new Error('expected a ComposerInputError');
}

describe('composeScore determinism', () => {
  it('writes the same MIDI bytes for the same request and seed', () => {
    expect(Buffer.from(composeScore(base).midi).equals(Buffer.from(composeScore(base).midi))).toBe(true);
  });

  it('writes different music for a different seed', () => {
    const other = composeScore({ ...base, seed: 43 });
    expect(Buffer.from(other.midi).equals(Buffer.from(composeScore(base).midi))).toBe(false);
  });

  it('fills a missing tempo and key from the mood, the same way for the same seed', () => {
    const request: ComposeRequest = { mood: 'sad', durationSeconds: 20, seed: 7 };
    const first = composeScore(request).summary;
    expect(first.bpm).toBeGreaterThanOrEqual(66);
    expect(first.bpm).toBeLessThanOrEqual(84);
    expect(first.key).toMatch(/ minor$/);
    expect(composeScore(request).summary).toEqual(first);
  });
});

describe('composeScore structure', () => {
  it('covers the requested duration with intro, body and outro sections', () => {
    const { summary, arrangement } = composeScore(base);
    expect(arrangement.totalBars * (240 / base.bpm!)).toBeGreaterThanOrEqual(base.durationSeconds);
    expect(summary.sections[0]?.name).toBe('intro');
    expect(summary.sections[summary.sections.length - 1]?.name).toBe('outro');
    expect(summary.sections[summary.sections.length - 1]?.endSeconds).toBe(base.durationSeconds);
    expect(summary.sections.map((section) => section.name)).toContain('chorus');
    expect(summary.title).toMatch(/ in A minor$/);
    expect(summary.camelot).toBe('8A');
  });

  it.each(MOODS.flatMap((mood) => KEYS.map((key) => [mood, key] as const)))('%s in %s: every chord and every chord or tune note is in the key', (mood, key) => {
    const { arrangement, midi } = composeScore({ ...base, mood, key, instruments: [] });
    const musicalKey = parseSpelledKey(key)!;
    const scale = new Set(musicalKey.scale);
    // Minor keys may raise the seventh degree for a major dominant (harmonic minor).
    const leadingTone = (musicalKey.tonicChroma + 11) % 12;
    const allowed = new Set([...scale, ...(musicalKey.mode === 'minor' ? [leadingTone] : [])]);

    for (const chord of arrangement.chords) {
      for (const pc of chord.pitchClasses) expect(allowed.has(pc)).toBe(true);
    }
    expect(arrangement.chords[0]?.degree).toBe(1);
    expect(arrangement.chords[arrangement.chords.length - 1]?.degree).toBe(1);

    const parsed = new Midi(midi);
    const pitched = parsed.tracks.filter((track) => /^(harmony|pad|melody):/.test(track.name));
    expect(pitched.length).toBeGreaterThan(0);
    for (const track of pitched) {
      const outside = track.notes.filter((note) => !allowed.has(note.midi % 12));
      expect(outside).toEqual([]);
    }
    const tune = parsed.tracks.filter((track) => track.name.startsWith('melody:'));
    for (const track of tune) for (const note of track.notes) expect(scale.has(note.midi % 12)).toBe(true);
  });

  it.each(MOODS)('%s: drums sit on the sixteenth-note grid of the requested tempo', (mood) => {
    const bpm = 97;
    const parsed = new Midi(composeScore({ ...base, mood, bpm, instruments: ['drums', 'piano'] }).midi);
    expect(parsed.header.tempos[0]?.bpm).toBeCloseTo(bpm, 2);
    const drums = parsed.tracks.find((track) => track.channel === 9);
    expect(drums?.notes.length).toBeGreaterThan(0);
    const sixteenthSeconds = 60 / bpm / 4;
    for (const note of drums!.notes) {
      expect(note.ticks % (parsed.header.ppq / 4)).toBe(0);
      const steps = note.time / sixteenthSeconds;
      expect(Math.abs(steps - Math.round(steps))).toBeLessThan(1e-3);
    }
    const downbeats = drums!.notes.filter((note) => note.midi === 36 && note.ticks % (parsed.header.ppq * 4) === 0);
    expect(downbeats.length).toBeGreaterThanOrEqual(Math.floor(parsed.duration / (240 / bpm)) - 1);
  });

  it('completes the ensemble from the instruments asked for, without adding others', () => {
    const { summary } = composeScore({ ...base, instruments: ['flute'] });
    expect(summary.instruments).toEqual([{ name: 'flute', program: 73, parts: ['melody', 'pad', 'bass'] }]);
  });

  it('gives the rhythm figure to the first of several sustained instruments when none plays chords', () => {
    const { summary } = composeScore({ ...base, mood: 'epic', instruments: ['strings', 'brass', 'choir', 'drums'] });
    expect(summary.instruments.map(({ name, parts }) => [name, parts])).toEqual([
      ['strings', ['harmony', 'melody', 'bass']],
      ['brass', ['pad']],
      ['choir', ['pad']],
      ['drums', ['drums']],
    ]);
  });

  it('keeps hi-hats on the beat below 90 BPM so the pulse is not heard in double time', () => {
    const hatSteps = (bpm: number): Set<number> => {
      const parsed = new Midi(composeScore({ ...base, mood: 'energetic', bpm, instruments: ['drums', 'synth'] }).midi);
      const hats = parsed.tracks.find((track) => track.channel === 9)!.notes.filter((note) => note.midi === 42 || note.midi === 46);
      return new Set(hats.map((note) => (note.ticks / (parsed.header.ppq / 4)) % 16));
    };
    expect([...hatSteps(72)].every((step) => step % 4 === 0)).toBe(true);
    expect([...hatSteps(128)].some((step) => step % 4 !== 0)).toBe(true);
  });

  it('maps General MIDI names, ignoring case, spaces, dashes and duplicates', () => {
    const { summary } = composeScore({ ...base, instruments: ['Electric-Guitar', 'electric guitar', 'Synth_Bass', 'drums'] });
    expect(summary.instruments.map(({ name, program }) => [name, program])).toEqual([
      ['electric guitar', 27],
      ['synth bass', 38],
      ['drums', 0],
    ]);
  });
});

describe('composeScore bad input', () => {
  it('rejects an unknown mood and lists the known ones', () => {
    const error = inputError({ mood: 'groovy' });
    expect(error.field).toBe('mood');
    expect(error.message).toContain('groovy');
    expect(error.message).toContain('mysterious');
  });

  it('rejects an unknown instrument and names it', () => {
    const error = inputError({ instruments: ['piano', 'theremin'] });
    expect(error.field).toBe('instruments');
    expect(error.message).toContain('"theremin"');
  });

  it('rejects drums alone, since there would be no harmony', () => {
    expect(inputError({ instruments: ['drums'] }).field).toBe('instruments');
  });

  it('rejects more than six instruments', () => {
    expect(inputError({ instruments: ['piano', 'guitar', 'bass', 'drums', 'flute', 'strings', 'choir'] }).field).toBe('instruments');
  });

  it.each([0, -5, 4.9, 601, Number.NaN, Number.POSITIVE_INFINITY])('rejects duration %p', (durationSeconds) => {
    expect(inputError({ durationSeconds }).field).toBe('durationSeconds');
  });

  it.each([0, 59, 201, Number.NaN])('rejects bpm %p', (bpm) => {
    expect(inputError({ bpm }).field).toBe('bpm');
  });

  it.each(['H major', 'A dorian', '', 'C##'])('rejects key %p', (key) => {
    expect(inputError({ key }).field).toBe('key');
  });

  it.each([-1, 1.5, 2 ** 32])('rejects seed %p', (seed) => {
    expect(inputError({ seed }).field).toBe('seed');
  });
});
