import { randomBytes } from 'node:crypto';
import { decodeCursor, encodeCursor } from './list-cursor';

const secret = randomBytes(32);
const position = { createdAt: new Date('2026-12-03T10:00:00.123Z'), id: '7f2a7d2e-64a5-4c39-9b3f-3a8f4a3f9d11' };

it('gives back the position it encoded', () => {
  expect(decodeCursor(secret, 'generations', encodeCursor(secret, 'generations', position))).toEqual(position);
});

it('refuses a changed, truncated, foreign or other-list cursor with a 400 naming cursor', () => {
  const cursor = encodeCursor(secret, 'generations', position);
  const [payload, signature] = cursor.split('.') as [string, string];
  const forged = Buffer.from(JSON.stringify([position.createdAt.getTime() + 1, position.id])).toString('base64url');
  const refused = [
    `${forged}.${signature}`,
    `${payload}.${signature.slice(1)}`,
    payload,
    `${cursor}.x`,
    '',
    encodeCursor(randomBytes(32), 'generations', position),
  ];
  for (const bad of refused) {
    expect(() => decodeCursor(secret, 'generations', bad)).toThrow(expect.objectContaining({ status: 400, body: { error: expect.objectContaining({ problems: [expect.objectContaining({ field: 'cursor' })] }) } }));
  }
  expect(() => decodeCursor(secret, 'plans', cursor)).toThrow(expect.objectContaining({ status: 400 }));
});
