import { uuidV5 } from './uuid-v5';

const DNS_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

it('matches the reference implementation (Python uuid.uuid5(NAMESPACE_DNS, "python.org"))', () => {
  expect(uuidV5(DNS_NAMESPACE, 'python.org')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
});

it('is deterministic and sets version 5 and the RFC variant', () => {
  const id = uuidV5(DNS_NAMESPACE, 'customer-a\nkey-1');
  expect(uuidV5(DNS_NAMESPACE, 'customer-a\nkey-1')).toBe(id);
  expect(uuidV5(DNS_NAMESPACE, 'customer-b\nkey-1')).not.toBe(id);
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

it('refuses a namespace that is not a UUID', () => {
  expect(() => uuidV5('not-a-uuid', 'x')).toThrow(/namespace/);
});
