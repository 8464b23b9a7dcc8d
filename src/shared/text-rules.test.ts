import { CONTROL_CHARACTER_RULE, hasControlCharacters, text } from './text-rules';

it('finds C0, DEL and C1 control characters, allowing tab and line breaks only in multi-line text', () => {
  for (const bad of ['a\u0000b', '\u0007', 'x\u001b[31m', '\u007f', '\u0085', '\u009f']) {
    expect(hasControlCharacters(bad)).toBe(true);
    expect(hasControlCharacters(bad, { multiline: true })).toBe(true);
  }
  for (const breaks of ['a\tb', 'line\nline', 'line\r\nline']) {
    expect(hasControlCharacters(breaks)).toBe(true);
    expect(hasControlCharacters(breaks, { multiline: true })).toBe(false);
  }
  expect(hasControlCharacters('plain, ünïcödé ♪ and emoji 🎵')).toBe(false);
});

it('builds a schema that names the rule and the length limit', () => {
  expect(text(5).safeParse('short').success).toBe(true);
  expect(text(5).safeParse('longer').error?.issues[0]?.message).toBe('must be at most 5 characters');
  expect(text(50).safeParse('nul\u0000here').error?.issues[0]?.message).toBe(CONTROL_CHARACTER_RULE);
  expect(text(50, { multiline: true }).safeParse('two\nlines').success).toBe(true);
});
