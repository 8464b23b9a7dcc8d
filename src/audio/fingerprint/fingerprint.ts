import { magnitudeSpectrogram } from '../analysis/spectrogram';

/**
 * Landmark fingerprint (Wang, "An Industrial-Strength Audio Search Algorithm", 2003): spectral
 * peaks that survive noise and lossy coding are paired, and each pair (anchor frequency, target
 * frequency, time gap) is one hash, stored with the anchor's time. Written here because no
 * permissive JavaScript library offers it (chromaprint's fpcalc answers "same recording?", not
 * "where in which track?" for a noisy 10 s clip).
 */
export interface Landmark {
  /** (anchor bin << 14) | (target bin << 6) | frame gap: 22 bits, a non-negative int32. */
  hash: number;
  /** Anchor time in frames of FINGERPRINT_HOP samples. */
  offset: number;
}

export const FINGERPRINT_SAMPLE_RATE = 11025;
export const FINGERPRINT_FFT_SIZE = 512;
export const FINGERPRINT_HOP = 256;
export const FINGERPRINT_FRAME_SECONDS = FINGERPRINT_HOP / FINGERPRINT_SAMPLE_RATE;

/** A peak must be the largest magnitude within +-4 frames (93 ms) and +-8 bins (172 Hz). */
const PEAK_TIME_RADIUS = 4;
const PEAK_BIN_RADIUS = 8;
/** Peaks more than 60 dB under the loudest are noise floor. */
const PEAK_FLOOR_RATIO = 1e-3;
/**
 * How many landmarks a signal yields: the strongest `peaksPerSecond` peaks of each second, each paired with the next
 * `fanOut` peaks in its target zone.
 */
export interface LandmarkDensity {
  peaksPerSecond: number;
  fanOut: number;
}

/** Catalog tracks and clips alike (the row-per-landmark index): about 118 landmarks a second. */
export const STANDARD_DENSITY: LandmarkDensity = { peaksPerSecond: 24, fanOut: 5 };
/**
 * Sparse landmarks for a large catalog: the 12 strongest peaks a second, each with its next 3 (about 30 a second,
 * a quarter of STANDARD_DENSITY). A clip is fingerprinted at QUERY_DENSITY, whose peaks include these and whose
 * pairs reach past the extra peaks between them, so the catalog's pairs are found in the clip while the index holds
 * a quarter of the postings (landmark density trades index size against robustness, Wang 2003; the figures
 * for 8 and 12 peaks a second are in docs/catalog.md).
 */
export const CATALOG_DENSITY: LandmarkDensity = { peaksPerSecond: 12, fanOut: 3 };
/**
 * A clip's landmarks against a CATALOG_DENSITY index: its strongest 24 peaks a second, pairs reaching 10 ahead. More
 * peaks add weak ones that noise moves and more hits to read; fewer miss the catalog's (docs/catalog.md, "The
 * decision and the query density").
 */
export const QUERY_DENSITY: LandmarkDensity = { peaksPerSecond: 24, fanOut: 10 };
const MAX_FRAME_GAP = 63;
const MAX_BIN_GAP = 64;
/** Bins 1..255 (43 Hz to 5.5 kHz) fit the 8 bits of the hash. */
const MAX_BIN = 255;

interface Peak {
  frame: number;
  bin: number;
  magnitude: number;
}

function slidingMax(source: Float32Array, target: Float32Array, count: number, stride: number, offset: number, radius: number): void {
  for (let i = 0; i < count; i++) {
    let max = Number.NEGATIVE_INFINITY;
    for (let j = Math.max(0, i - radius); j <= Math.min(count - 1, i + radius); j++) max = Math.max(max, source[offset + j * stride]!);
    target[offset + i * stride] = max;
  }
}

function findPeaks(signal: Float32Array, peaksPerSecond: number): Peak[] {
  const spec = magnitudeSpectrogram(signal, FINGERPRINT_SAMPLE_RATE, FINGERPRINT_FFT_SIZE, FINGERPRINT_HOP);
  const { frameCount, binCount, magnitudes } = spec;
  // A rectangular 2-D maximum filter is separable: over bins within each frame, then over frames.
  const alongBins = new Float32Array(magnitudes.length);
  for (let frame = 0; frame < frameCount; frame++) slidingMax(magnitudes, alongBins, binCount, 1, frame * binCount, PEAK_BIN_RADIUS);
  const neighbourhood = new Float32Array(magnitudes.length);
  for (let bin = 0; bin < binCount; bin++) slidingMax(alongBins, neighbourhood, frameCount, binCount, bin, PEAK_TIME_RADIUS);

  let loudest = 0;
  for (const magnitude of magnitudes) loudest = Math.max(loudest, magnitude);
  const floor = loudest * PEAK_FLOOR_RATIO;
  const peaks: Peak[] = [];
  for (let frame = 0; frame < frameCount; frame++) {
    for (let bin = 1; bin <= Math.min(MAX_BIN, binCount - 1); bin++) {
      const index = frame * binCount + bin;
      const magnitude = magnitudes[index]!;
      if (magnitude > floor && magnitude === neighbourhood[index]) peaks.push({ frame, bin, magnitude });
    }
  }
  return thinPeaks(peaks, frameCount, peaksPerSecond);
}

/** Keeps the strongest peaks of each one-second block, so dense passages do not flood the index. */
function thinPeaks(peaks: Peak[], frameCount: number, peaksPerSecond: number): Peak[] {
  const block = Math.round(1 / FINGERPRINT_FRAME_SECONDS);
  const kept: Peak[] = [];
  for (let start = 0, i = 0; start < frameCount; start += block) {
    const inBlock: Peak[] = [];
    while (i < peaks.length && peaks[i]!.frame < start + block) inBlock.push(peaks[i++]!);
    inBlock.sort((a, b) => b.magnitude - a.magnitude);
    kept.push(...inBlock.slice(0, peaksPerSecond));
  }
  return kept.sort((a, b) => a.frame - b.frame || a.bin - b.bin);
}

/** The frequency bin (21.5 Hz wide) a landmark's anchor peak sits in. */
export function anchorBinOf(hash: number): number {
  return hash >>> 14;
}

/** Landmarks of mono PCM at FINGERPRINT_SAMPLE_RATE, in anchor time order. */
export function fingerprint(signal: Float32Array, sampleRate: number = FINGERPRINT_SAMPLE_RATE, density: LandmarkDensity = STANDARD_DENSITY): Landmark[] {
  if (sampleRate !== FINGERPRINT_SAMPLE_RATE) {
    throw new RangeError(`fingerprints are computed at ${FINGERPRINT_SAMPLE_RATE} Hz, got ${sampleRate} Hz`);
  }
  const peaks = findPeaks(signal, density.peaksPerSecond);
  const landmarks: Landmark[] = [];
  for (let a = 0; a < peaks.length; a++) {
    const anchor = peaks[a]!;
    let paired = 0;
    for (let t = a + 1; t < peaks.length && paired < density.fanOut; t++) {
      const target = peaks[t]!;
      const gap = target.frame - anchor.frame;
      if (gap > MAX_FRAME_GAP) break;
      if (gap < 1 || Math.abs(target.bin - anchor.bin) > MAX_BIN_GAP) continue;
      landmarks.push({ hash: (anchor.bin << 14) | (target.bin << 6) | gap, offset: anchor.frame });
      paired++;
    }
  }
  return landmarks;
}
