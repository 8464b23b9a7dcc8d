import type { Landmark } from './fingerprint';
import { InMemoryFingerprintIndex } from './fingerprint-index';
import { mulberry32 } from '../../shared/seeded-random';

/** The catalog scope of an identification: shared tracks and the asking customer's own, never another customer's. */
describe('InMemoryFingerprintIndex scope', () => {
  const landmarksOf = (seed: number): Landmark[] => {
    const random = mulberry32(seed);
    return Array.from({ length: 400 }, (_, i) => ({ hash: Math.floor(random() * 2 ** 22), offset: i }));
  };
  const tracks = { shared: landmarksOf(1), mine: landmarksOf(2), theirs: landmarksOf(3) };
  /** A clip from frame 100: the track's landmarks there, shifted to start at 0. */
  const clipOf = (trackId: keyof typeof tracks) => tracks[trackId].slice(100, 160).map((l) => ({ hash: l.hash, offset: l.offset - 100 }));

  async function indexed(): Promise<InMemoryFingerprintIndex> {
    const index = new InMemoryFingerprintIndex();
    for (const [trackId, landmarks] of Object.entries(tracks)) await index.addTrack(trackId, landmarks);
    index.ownTrack('mine', 'customer-a');
    index.ownTrack('theirs', 'customer-b');
    return index;
  }

  it('answers a customer with the shared catalog and its own tracks', async () => {
    const index = await indexed();
    expect((await index.identify(clipOf('mine'), { customerId: 'customer-a' }))?.trackId).toBe('mine');
    expect((await index.identify(clipOf('shared'), { customerId: 'customer-a' }))?.trackId).toBe('shared');
    expect(await index.identify(clipOf('theirs'), { customerId: 'customer-a' })).toBeNull();
  });

  it('answers with the shared catalog only when no customer is known', async () => {
    const index = await indexed();
    expect((await index.identify(clipOf('shared'), { customerId: null }))?.trackId).toBe('shared');
    expect(await index.identify(clipOf('mine'), { customerId: null })).toBeNull();
  });

  it('answers with every track without a scope (benchmarks, operators)', async () => {
    const index = await indexed();
    expect((await index.identify(clipOf('theirs')))?.trackId).toBe('theirs');
  });
});
