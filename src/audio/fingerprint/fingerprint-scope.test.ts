import { InMemoryFingerprintIndex } from './fingerprint-index';

/** The catalog scope of a lookup: shared tracks and the asking customer's own, never another customer's. */
describe('InMemoryFingerprintIndex scope', () => {
  const landmarks = [
    { hash: 11, offset: 3 },
    { hash: 12, offset: 4 },
  ];

  async function indexed(): Promise<InMemoryFingerprintIndex> {
    const index = new InMemoryFingerprintIndex();
    for (const trackId of ['shared', 'mine', 'theirs']) await index.addTrack(trackId, landmarks);
    index.ownTrack('mine', 'customer-a');
    index.ownTrack('theirs', 'customer-b');
    return index;
  }

  const tracksOf = (hits: { trackId: string }[]) => [...new Set(hits.map((hit) => hit.trackId))].sort();

  it('answers a customer with the shared catalog and its own tracks', async () => {
    const index = await indexed();
    expect(tracksOf(await index.lookup([11, 12], { customerId: 'customer-a' }))).toEqual(['mine', 'shared']);
  });

  it('answers with the shared catalog only when no customer is known', async () => {
    const index = await indexed();
    expect(tracksOf(await index.lookup([11], { customerId: null }))).toEqual(['shared']);
  });

  it('answers with every track without a scope (benchmarks, operators)', async () => {
    const index = await indexed();
    expect(tracksOf(await index.lookup([11]))).toEqual(['mine', 'shared', 'theirs']);
  });
});
