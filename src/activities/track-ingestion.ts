import { decodeAudio } from '../audio/io/decode';
import { AudioInputError } from '../audio/io/errors';
import { probeAudio } from '../audio/io/probe';
import { fingerprintFile } from '../audio/dsp/fingerprint-audio';
import { CATALOG_DENSITY } from '../audio/fingerprint/fingerprint';
import { TRACK_LIMITS, type CheckedAudio, type TrackOutcome } from '../contracts/track-ingestion';
import { downloadTrackSource } from '../providers/track-source';
import { allowAnyAddress, forbiddenAddressRule } from '../providers/url-safety';
import { ErrorType, permanentFailure } from '../shared/errors';
import type { ActivityDependencies } from './dependencies';
import { withScratchWork } from './scratch-work';
import { downloadAudio } from './storage-audio';

/** Decoding this much proves the stream is audio ffmpeg can read, not only a plausible header. */
const DECODE_CHECK_SECONDS = 10;
const DECODE_CHECK_RATE = 22_050;

interface TrackAudio {
  trackId: string;
  storageKey: string;
}

function badAudio(message: string, code: string): never {
  throw permanentFailure(ErrorType.InvalidAudio, message, { code });
}

/** Bringing a customer's track into the catalog: fetch (URL sources), decode check, fingerprints, the terminal row. */
export function createTrackIngestionActivities({ storage, db, fingerprints, tempAudioDir, allowPrivateReferenceHosts }: ActivityDependencies) {
  const addressRule = allowPrivateReferenceHosts ? allowAnyAddress : forbiddenAddressRule;
  return {
    /** Downloads a URL source (reference-URL address rules, size bound) to the track's storage key. */
    async fetchTrackSource({ url, storageKey }: TrackAudio & { url: string }): Promise<{ bytes: number }> {
      return withScratchWork(tempAudioDir, 'track-source', async (dir) => {
        const { path, bytes } = await downloadTrackSource(url, { tempDir: dir, maxBytes: TRACK_LIMITS.maxBytes, addressRule });
        await storage.putFile(storageKey, path, 'application/octet-stream');
        return { bytes };
      });
    },

    /**
     * The decode check: the object exists and is within the size bound, ffprobe finds an audio stream of a
     * duration within bounds, and ffmpeg decodes its first seconds. Bad audio fails InvalidAudio (no retry).
     */
    async checkTrackAudio({ trackId, storageKey }: TrackAudio): Promise<CheckedAudio> {
      return withScratchWork(tempAudioDir, 'track-check', async (dir) => {
        const stored = await storage.head(storageKey);
        if (stored === null) badAudio('no audio was uploaded: PUT the file to the upload URL before asking for ingestion', 'NOT_UPLOADED');
        if (stored.size === 0) badAudio('the uploaded file is empty', 'EMPTY_FILE');
        if (stored.size > TRACK_LIMITS.maxBytes) badAudio(`the file is ${stored.size} bytes; at most ${TRACK_LIMITS.maxBytes} are accepted`, 'TOO_LARGE');
        const path = await downloadAudio(storage, 'storageKey', storageKey, dir);
        const probe = await probeAudio(path).catch((error: unknown) => hidePath(error, path));
        if (probe.durationSeconds < TRACK_LIMITS.minSeconds) {
          badAudio(`the audio is ${probe.durationSeconds.toFixed(1)} s long; at least ${TRACK_LIMITS.minSeconds} s are needed`, 'TOO_SHORT');
        }
        if (probe.durationSeconds > TRACK_LIMITS.maxSeconds) {
          badAudio(`the audio is ${Math.round(probe.durationSeconds)} s long; at most ${TRACK_LIMITS.maxSeconds} s are accepted`, 'TOO_LONG');
        }
        await decodeAudio(path, { sampleRate: DECODE_CHECK_RATE, channels: 1, maxSeconds: DECODE_CHECK_SECONDS, minSeconds: 1 }).catch((error: unknown) => hidePath(error, path));
        await db.track.update({
          where: { id: trackId },
          data: { sourceFormat: `${probe.format}/${probe.codec}`, sourceBytes: probe.bytes, durationSeconds: probe.durationSeconds },
        });
        return { durationSeconds: probe.durationSeconds, format: `${probe.format}/${probe.codec}`, bytes: probe.bytes };
      });
    },

    /** Landmark fingerprints of the track's audio into the index (replacing any it had), so identification finds it. */
    async indexTrackFingerprints({ trackId, storageKey }: TrackAudio): Promise<{ landmarks: number }> {
      return withScratchWork(tempAudioDir, 'track-index', async (dir) => {
        const landmarks = await fingerprintFile(await downloadAudio(storage, 'storageKey', storageKey, dir), CATALOG_DENSITY);
        await fingerprints.addTrack(trackId, landmarks);
        return { landmarks: landmarks.length };
      });
    },

    /** The terminal write: `ready`, or `failed` with the error's type and message. */
    async recordTrackOutcome(outcome: TrackOutcome): Promise<void> {
      await db.track.update({
        where: { id: outcome.trackId },
        data:
          outcome.status === 'ready'
            ? { status: 'ready', errorType: null, error: null }
            : { status: 'failed', errorType: outcome.errorType, error: outcome.error },
      });
    },
  };
}

/** Audio errors name the scratch file, which means nothing to the customer: it becomes "the file". */
function hidePath(error: unknown, path: string): never {
  if (error instanceof AudioInputError) throw new AudioInputError(error.code, error.message.split(path).join('the file'));
  throw error;
}
