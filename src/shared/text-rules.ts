import { z } from 'zod';

/**
 * The one rule for free text in every message: a length limit, and no control characters. A NUL cannot be
 * stored by PostgreSQL at all, and other control characters (C0, DEL, C1) forge log lines and terminal output.
 * Tab, line feed and carriage return are allowed only where the text is multi-line (a prompt, a transcript).
 */
export const CONTROL_CHARACTER_RULE = 'must not contain control characters';

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_BUT_LINE_BREAKS_AND_TABS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

export function hasControlCharacters(text: string, { multiline = false }: { multiline?: boolean } = {}): boolean {
  return (multiline ? CONTROL_BUT_LINE_BREAKS_AND_TABS : ANY_CONTROL).test(text);
}

/** A string of at most `maxLength` characters with no control characters (but tab and line breaks when `multiline`). */
export function text(maxLength: number, { multiline = false }: { multiline?: boolean } = {}) {
  return z
    .string()
    .max(maxLength, `must be at most ${maxLength} characters`)
    .refine((value) => !hasControlCharacters(value, { multiline }), CONTROL_CHARACTER_RULE);
}
