import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { resourceIdFor } from './resource-ids';

const secret = randomBytes(32);

it('maps the same customer and key to the same id, anything else to another', () => {
  const id = resourceIdFor(secret, 'generation', 'acme', 'order-1');
  expect(resourceIdFor(secret, 'generation', 'acme', 'order-1')).toBe(id);
  expect(resourceIdFor(secret, 'generation', 'globex', 'order-1')).not.toBe(id);
  expect(resourceIdFor(secret, 'generation', 'acme', 'order-2')).not.toBe(id);
  expect(resourceIdFor(secret, 'plan', 'acme', 'order-1')).not.toBe(id);
  expect(resourceIdFor(randomBytes(32), 'generation', 'acme', 'order-1')).not.toBe(id);
});

it('keeps customer and key apart, so no pair can be made to collide with another', () => {
  expect(resourceIdFor(secret, 'generation', 'a', 'b\nc')).not.toBe(resourceIdFor(secret, 'generation', 'a\nb', 'c'));
});

it('gives a fresh random id without a key', () => {
  expect(resourceIdFor(secret, 'generation', 'acme', undefined)).not.toBe(resourceIdFor(secret, 'generation', 'acme', undefined));
});

it('is a version 8 UUID that the message schemas accept', () => {
  const id = resourceIdFor(secret, 'plan', 'acme', 'set-7');
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(z.uuid().safeParse(id).success).toBe(true);
});
