import { decodePostings, encodePostings } from './posting-codec';

describe('posting codec', () => {
  it('gives back the postings it was given, whatever the gaps between track numbers', () => {
    const tracks = Uint32Array.from([0, 0, 1, 127, 128, 16_383, 16_384, 2_097_152, 2_097_152, 4_000_000_000]);
    const offsets = Uint16Array.from(tracks, (_, i) => (i * 7919) % 65_536);
    const decoded = decodePostings(encodePostings({ tracks, offsets }));
    expect([...decoded.tracks]).toEqual([...tracks]);
    expect([...decoded.offsets]).toEqual([...offsets]);
  });

  it('takes 3 bytes a posting when the track numbers are close, 4 when they are thousands apart', () => {
    const close = Uint32Array.from({ length: 1000 }, (_, i) => 50_000 + 100 * i);
    const far = Uint32Array.from({ length: 1000 }, (_, i) => 3_000 * i);
    const offsets = new Uint16Array(1000);
    expect(encodePostings({ tracks: close, offsets }).length).toBeLessThanOrEqual(3 * 1000 + 5);
    expect(encodePostings({ tracks: far, offsets }).length).toBeLessThanOrEqual(4 * 1000 + 5);
    expect(decodePostings(encodePostings({ tracks: new Uint32Array(0), offsets: new Uint16Array(0) })).tracks.length).toBe(0);
  });

  it('refuses postings out of track order, which it could not encode as differences', () => {
    expect(() => encodePostings({ tracks: Uint32Array.from([5, 3]), offsets: new Uint16Array(2) })).toThrow(/ascending track order/);
  });
});
