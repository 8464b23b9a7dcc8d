import { camelotCode, keyName, parseKeyName } from './camelot';

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
