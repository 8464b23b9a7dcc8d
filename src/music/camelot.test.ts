import { camelotRelation, isHarmonicCompatible, shiftCamelot, type CamelotRelation } from './camelot';
import type { Camelot } from './keys';

const code = (text: string): Camelot => ({ number: Number(text.slice(0, -1)), letter: text.endsWith('A') ? 'A' : 'B' });

describe('camelotRelation', () => {
  it.each<[string, string, boolean, CamelotRelation]>([
    ['8A', '8A', false, 'same'],
    ['8A', '8B', false, 'relative'],
    ['8B', '8A', false, 'relative'],
    ['8A', '9A', false, 'adjacent'],
    ['8A', '7A', false, 'adjacent'],
    ['12B', '1B', false, 'adjacent'],
    ['1A', '12A', false, 'adjacent'],
    ['8A', '9B', false, 'diagonal'],
    ['8B', '7A', false, 'diagonal'],
    ['8A', '10A', true, 'energy-boost'],
    ['8A', '3A', true, 'energy-boost'],
    ['8A', '10A', false, 'boost-without-rise'],
    ['8B', '3B', false, 'boost-without-rise'],
    ['8A', '2A', true, 'clash'],
    ['8A', '10B', false, 'clash'],
    ['8B', '9A', false, 'clash'],
  ])('%s → %s (energy rises: %s) is %s', (from, to, rises, relation) => {
    expect(camelotRelation(code(from), code(to), rises)).toBe(relation);
  });

  it('is unknown when a key is missing', () => {
    expect(camelotRelation(undefined, code('8A'), false)).toBe('unknown');
    expect(isHarmonicCompatible('unknown')).toBe(false);
  });

  it('counts only the mixing relations as compatible', () => {
    expect(['same', 'relative', 'adjacent', 'diagonal', 'energy-boost'].every((r) => isHarmonicCompatible(r as CamelotRelation))).toBe(true);
    expect(['boost-without-rise', 'clash'].some((r) => isHarmonicCompatible(r as CamelotRelation))).toBe(false);
  });
});

describe('shiftCamelot', () => {
  it('moves seven steps per semitone', () => {
    expect(shiftCamelot(code('8B'), 1)).toEqual(code('3B'));
    expect(shiftCamelot(code('8A'), -1)).toEqual(code('1A'));
    expect(shiftCamelot(code('8A'), 0.3)).toEqual(code('8A'));
  });
});
