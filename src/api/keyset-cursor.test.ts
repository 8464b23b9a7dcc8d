import { HttpError } from './http-error';
import { afterPosition, decodeCursor, encodeCursor, pageOf } from './keyset-cursor';

describe('keyset cursor', () => {
  const createdAt = new Date('2026-12-03T05:00:00.123Z');

  it('round-trips a position', () => {
    expect(decodeCursor(encodeCursor({ createdAt, id: 'b2' }))).toEqual({ createdAt, id: 'b2' });
  });

  it.each(['not base64 json', Buffer.from('{"c":"yesterday","i":"x"}').toString('base64url'), Buffer.from('[]').toString('base64url')])(
    'refuses %s with a 400 naming cursor',
    (cursor) => {
      let thrown: unknown;
      try {
        decodeCursor(cursor);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(HttpError);
      expect((thrown as HttpError).body.error).toMatchObject({ type: 'InvalidInput', problems: [{ field: 'cursor', rule: 'must be a nextCursor this list returned' }] });
    },
  );

  it('pages with one extra row and points after the last row shown', () => {
    const rows = ['c', 'b', 'a'].map((id) => ({ createdAt, id }));
    const page = pageOf(rows, 2);
    expect(page.rows.map((row) => row.id)).toEqual(['c', 'b']);
    expect(decodeCursor(page.nextCursor!)).toEqual({ createdAt, id: 'b' });
    expect(pageOf(rows, 3).nextCursor).toBeNull();
  });

  it('continues strictly after the position, ties broken by id', () => {
    expect(afterPosition({ createdAt, id: 'b' })).toEqual({ OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: 'b' } }] });
    expect(afterPosition(undefined)).toEqual({});
  });
});
