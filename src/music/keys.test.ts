import { camelotCode, formatCamelot, fromCamelot, keyName, parseKey, parseKeyName, toCamelot, toOpenKey } from './keys';

const camelotOf = (text: string): string => formatCamelot(toCamelot(parseKey(text)));

describe('parseKey', () => {
  it.each([
    ['C', '8B'],
    ['Cm', '5A'],
    ['C#m', '12A'],
    ['Db', '3B'],
    ['A minor', '8A'],
    ['F♯ major', '2B'],
    ['F# Major', '2B'],
    ['Bbm', '3A'],
    ['Eb', '5B'],
    ['Ebmaj', '5B'],
    ['G min', '6A'],
    ['Ab', '4B'],
    ['E♭ minor', '2A'],
    ['B', '1B'],
    ['CM', '8B'],
    ['  am  ', '8A'],
  ])('reads note name %s as %s', (text, camelot) => {
    expect(camelotOf(text)).toBe(camelot);
  });

  it.each([
    ['8A', '8A'],
    ['8B', '8B'],
    ['12a', '12A'],
    ['01B', '1B'],
    ['1m', '8A'],
    ['1d', '8B'],
    ['6m', '1A'],
    ['12d', '7B'],
  ])('reads Camelot / Open Key %s as %s', (text, camelot) => {
    expect(camelotOf(text)).toBe(camelot);
  });

  it('gives the same key for every spelling of A minor', () => {
    const spellings = ['Am', 'A minor', 'A min', '8A', '1m', 'Amin'];
    const keys = spellings.map((text) => parseKey(text));
    for (const key of keys) expect(key).toEqual({ kind: 'known', tonic: 9, mode: 'minor' });
  });

  it.each(['', '   ', 'H', 'unknown', '13A', '0B', 'C dorian', 'Cmaj7', '8C'])('returns unknown for %p instead of throwing', (text) => {
    expect(parseKey(text)).toEqual({ kind: 'unknown', input: text });
    expect(toCamelot(parseKey(text))).toBeUndefined();
  });

  it('accepts missing text', () => {
    expect(parseKey(undefined).kind).toBe('unknown');
    expect(parseKey(null).kind).toBe('unknown');
  });
});

describe('Camelot conversions', () => {
  it('round-trips all 24 codes through keys', () => {
    for (let number = 1; number <= 12; number++) {
      for (const letter of ['A', 'B'] as const) {
        expect(toCamelot(fromCamelot({ number, letter }))).toEqual({ number, letter });
      }
    }
  });

  it('writes Open Key', () => {
    expect(toOpenKey({ number: 8, letter: 'B' })).toBe('1d');
    expect(toOpenKey({ number: 8, letter: 'A' })).toBe('1m');
    expect(toOpenKey({ number: 7, letter: 'A' })).toBe('12m');
  });
});

describe('key names and Camelot codes', () => {
  it.each([
    [{ tonic: 0, mode: 'major' }, 'C major', '8B'],
    [{ tonic: 9, mode: 'minor' }, 'A minor', '8A'],
    [{ tonic: 6, mode: 'major' }, 'F# major', '2B'],
    [{ tonic: 3, mode: 'minor' }, 'Eb minor', '2A'],
    [{ tonic: 11, mode: 'major' }, 'B major', '1B'],
  ] as const)('%j is %s, %s', (key, name, code) => {
    expect(keyName(key)).toBe(name);
    expect(camelotCode(key)).toBe(code);
    expect(parseKeyName(name)).toEqual(key);
  });

  it('returns undefined for text that is no key', () => {
    expect(parseKeyName('loud')).toBeUndefined();
  });
});
