import { CATALOG_DENSITY, FINGERPRINT_SAMPLE_RATE, QUERY_DENSITY, STANDARD_DENSITY, fingerprint } from './fingerprint';
import { PackedPostings, everyTrackNumber, identifyInPostings, landmarksAsArrays } from './packed-postings';
import { InMemoryFingerprintIndex } from './fingerprint-index';
import { mulberry32 } from '../../shared/seeded-random';
import { synthesizeTrack } from '../analysis/synthetic-track';

const sampleRate = FINGERPRINT_SAMPLE_RATE;

function track(seed: number, bpm: number, tonic: number): Float32Array {
  return synthesizeTrack({ bpm, key: { tonic, mode: seed % 2 ? 'minor' : 'major' }, seconds: 45, sampleRate, seed });
}

function noisyClip(signal: Float32Array, startSeconds: number, seconds: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  const start = Math.round(startSeconds * sampleRate);
  return signal.slice(start, start + seconds * sampleRate).map((sample) => sample + (random() * 2 - 1) * 0.05);
}

describe('landmark fingerprint identification', () => {
  const tracks = [track(1, 96, 2), track(2, 118, 7), track(3, 128, 9), track(4, 140, 0)];
  const landmarks = tracks.map((signal) => fingerprint(signal, sampleRate, CATALOG_DENSITY));
  const clipLandmarks = (clip: Float32Array) => fingerprint(clip, sampleRate, QUERY_DENSITY);
  let index: InMemoryFingerprintIndex;

  beforeAll(async () => {
    index = new InMemoryFingerprintIndex();
    for (const [i, trackLandmarks] of landmarks.entries()) await index.addTrack(`track-${i}`, trackLandmarks);
  });

  it('produces non-negative int32 hashes and frame offsets', () => {
    const clipLandmarks = fingerprint(tracks[0]!.subarray(0, 10 * sampleRate));
    expect(clipLandmarks.length).toBeGreaterThan(100);
    for (const { hash, offset } of clipLandmarks) {
      expect(hash).toBe(hash | 0);
      expect(hash).toBeGreaterThanOrEqual(0);
      expect(Number.isInteger(offset)).toBe(true);
    }
  });

  it('identifies a noisy 10 s clip and where it starts', async () => {
    const match = await index.identify(clipLandmarks(noisyClip(tracks[2]!, 17.3, 10, 9)));
    expect(match?.trackId).toBe('track-2');
    expect(match!.offsetSeconds).toBeCloseTo(17.3, 0);
    expect(match!.confidence).toBeGreaterThan(0.5);
  });

  it('finds no match for a track that is not in the index', async () => {
    const stranger = track(99, 124, 5);
    expect(await index.identify(clipLandmarks(noisyClip(stranger, 10, 10, 4)))).toBeNull();
  });

  it('replaces a track’s landmarks when it is indexed again', async () => {
    const clip = clipLandmarks(noisyClip(tracks[3]!, 5, 10, 2));
    expect((await index.identify(clip))?.trackId).toBe('track-3');
    await index.addTrack('track-3', landmarks[0]!.slice(0, 50));
    expect(await index.identify(clip)).toBeNull();
    await index.addTrack('track-3', landmarks[3]!);
    expect((await index.identify(clip))?.trackId).toBe('track-3');
  });

  it('rejects PCM at another sample rate', () => {
    expect(() => fingerprint(new Float32Array(44100), 44100)).toThrow(RangeError);
  });
});

describe('sparse catalog landmarks, dense clip landmarks', () => {
  const signal = synthesizeTrack({ bpm: 112, key: { tonic: 4, mode: 'minor' }, seconds: 30, sampleRate, seed: 5 });
  const other = synthesizeTrack({ bpm: 131, key: { tonic: 9, mode: 'major' }, seconds: 30, sampleRate, seed: 6 });

  const catalogLandmarks = [signal, other].map((track) => fingerprint(track, sampleRate, CATALOG_DENSITY));

  it('stores about a quarter of the standard landmarks for a catalog track', () => {
    const ratio = catalogLandmarks[0]!.length / fingerprint(signal, sampleRate, STANDARD_DENSITY).length;
    expect(ratio).toBeGreaterThan(0.15);
    expect(ratio).toBeLessThan(0.4);
  });

  it("finds a noisy clip's track and start, and nothing for a track not in the catalog", async () => {
    const catalog = PackedPostings.build(2, (track) => landmarksAsArrays(catalogLandmarks[track]!));
    const random = mulberry32(3);
    const clip = (source: Float32Array, startSeconds: number) =>
      source.slice(startSeconds * sampleRate, (startSeconds + 10) * sampleRate).map((sample) => sample + (random() * 2 - 1) * 0.05);
    const match = await identifyInPostings(catalog, fingerprint(clip(signal, 14), sampleRate, QUERY_DENSITY), everyTrackNumber);
    expect(match).toMatchObject({ trackId: '0' });
    expect(match!.offsetSeconds).toBeCloseTo(14, 0);
    const stranger = synthesizeTrack({ bpm: 97, key: { tonic: 2, mode: 'major' }, seconds: 15, sampleRate, seed: 8 });
    expect(await identifyInPostings(catalog, fingerprint(clip(stranger, 2), sampleRate, QUERY_DENSITY), everyTrackNumber)).toBeNull();
  });
});
