import { DEFAULT_MAX_DECODE_SECONDS, decodeAudio } from '../io/decode';
import { fingerprintInWorker } from './dsp-pool';
import { FINGERPRINT_SAMPLE_RATE, type Landmark, type LandmarkDensity } from '../fingerprint/fingerprint';

/** A clip shorter than this has too few landmarks to tell chance from a match. */
export const MIN_FINGERPRINT_SECONDS = 3;

/**
 * Landmarks of an audio file (any format ffmpeg reads), computed in the DSP worker: CATALOG_DENSITY for a track going
 * into the index, QUERY_DENSITY for a clip to identify (src/audio/fingerprint/fingerprint.ts).
 */
export async function fingerprintFile(path: string, density: LandmarkDensity, maxSeconds = DEFAULT_MAX_DECODE_SECONDS): Promise<Landmark[]> {
  const decoded = await decodeAudio(path, { sampleRate: FINGERPRINT_SAMPLE_RATE, channels: 1, maxSeconds, minSeconds: MIN_FINGERPRINT_SECONDS });
  return fingerprintInWorker(decoded.channels[0]!, FINGERPRINT_SAMPLE_RATE, density);
}
