import path from 'node:path';
import { analyzeAudio as analyzeAudioFile } from '../audio/dsp/analyze';
import { composeMusic as composeToFile, type RenderedComposition } from '../audio/composer/composer';
import type { ComposeRequest } from '../audio/composer/composer-request';
import { encodePreview as encodePreviewFile } from '../audio/io/encode';
import { fingerprintFile } from '../audio/dsp/fingerprint-audio';
import { identifyLandmarks } from '../audio/fingerprint/fingerprint-index';
import type { SoundfontPreference } from '../audio/composer/soundfont';
import { ErrorType, permanentFailure } from '../shared/errors';
import type { ActivityDependencies } from './dependencies';
import { withTypedFailures } from './domain-failures';
import { withHeartbeat } from './heartbeat';
import { withScratchDir } from './scratch';
import { assertStorageKey, downloadAudio } from './storage-audio';

/**
 * What an analysis tells the caller. The beat grid (thousands of numbers for a long track) stays out of
 * the payload: with a trackId it is written to the Track row and only `beatGridStored` says so.
 */
export interface AnalysisSummary {
  durationSeconds: number;
  bpm: number;
  bpmConfidence: number;
  key: string;
  camelot: string;
  keyConfidence: number;
  energy: number;
  loudnessLufs: number;
  firstDownbeat: number;
  beatCount: number;
  /** Phrase starts in seconds (a few dozen at most for a 15-minute analysis span). */
  phraseStarts: number[];
  beatGridStored: boolean;
}

export interface ClipMatch {
  trackId: string;
  offsetSeconds: number;
  confidence: number;
}

export interface ComposedAudio extends RenderedComposition {
  outputKey: string;
}

/** Audio work on files in storage (issue 4): analysis, fingerprint catalog, local composer, preview encoding. */
export function createAudioActivities({ storage, db, fingerprints, tempAudioDir, soundfontPath }: ActivityDependencies) {
  async function assertTrackExists(trackId: string): Promise<void> {
    if ((await db.track.count({ where: { id: trackId } })) === 0) {
      throw permanentFailure(ErrorType.InvalidInput, `trackId: no catalog track ${trackId}`, { problems: [{ field: 'trackId', rule: 'must name a catalog track' }] });
    }
  }

  return {
    /** Tempo, key, energy, loudness, beat grid and phrases of the audio at `storageKey`; stored on the Track row when `trackId` is given. */
    async analyzeAudio({ storageKey, trackId }: { storageKey: string; trackId?: string }): Promise<AnalysisSummary> {
      return withScratchDir(tempAudioDir, 'analyze', (dir) =>
        withHeartbeat(() =>
          withTypedFailures(async () => {
            if (trackId !== undefined) await assertTrackExists(trackId);
            const analysis = await analyzeAudioFile(await downloadAudio(storage, 'storageKey', storageKey, dir));
            const phraseStarts = analysis.phraseBoundaries.map((boundary) => boundary.timeSeconds);
            if (trackId !== undefined) {
              await db.track.update({
                where: { id: trackId },
                data: {
                  durationSeconds: analysis.durationSeconds,
                  bpm: analysis.bpm,
                  key: analysis.key,
                  camelot: analysis.camelot,
                  energy: analysis.energy,
                  loudnessLufs: analysis.loudnessLufs,
                  beatGrid: { beats: analysis.beats, downbeats: analysis.downbeats },
                  phraseBoundaries: phraseStarts,
                },
              });
            }
            return {
              durationSeconds: analysis.durationSeconds,
              bpm: analysis.bpm,
              bpmConfidence: analysis.bpmConfidence,
              key: analysis.key,
              camelot: analysis.camelot,
              keyConfidence: analysis.keyConfidence,
              energy: analysis.energy,
              loudnessLufs: analysis.loudnessLufs,
              firstDownbeat: analysis.firstDownbeat,
              beatCount: analysis.beats.length,
              phraseStarts,
              beatGridStored: trackId !== undefined,
            };
          }),
        ),
      );
    },

    /** Fingerprints the audio at `storageKey` into the catalog index under `trackId`, replacing its earlier hashes. */
    async indexTrack({ trackId, storageKey }: { trackId: string; storageKey: string }): Promise<{ trackId: string; landmarks: number }> {
      return withScratchDir(tempAudioDir, 'index', (dir) =>
        withHeartbeat(() =>
          withTypedFailures(async () => {
            await assertTrackExists(trackId);
            const landmarks = await fingerprintFile(await downloadAudio(storage, 'storageKey', storageKey, dir));
            await fingerprints.addTrack(trackId, landmarks);
            return { trackId, landmarks: landmarks.length };
          }),
        ),
      );
    },

    /** The catalog track the clip at `storageKey` comes from, and where in it; null when none matches well enough. */
    async identifyClip({ storageKey }: { storageKey: string }): Promise<ClipMatch | null> {
      return withScratchDir(tempAudioDir, 'identify-clip', (dir) =>
        withHeartbeat(() =>
          withTypedFailures(async () => {
            const match = await identifyLandmarks(fingerprints, await fingerprintFile(await downloadAudio(storage, 'storageKey', storageKey, dir)));
            return match && { trackId: match.trackId, offsetSeconds: match.offsetSeconds, confidence: match.confidence };
          }),
        ),
      );
    },

    /** Renders `request` with the local composer and stores the 44.1 kHz stereo WAV at `outputKey`. */
    async composeMusic({
      request,
      outputKey,
      soundfontPreference,
    }: {
      request: ComposeRequest;
      outputKey: string;
      soundfontPreference?: SoundfontPreference;
    }): Promise<ComposedAudio> {
      assertStorageKey('outputKey', outputKey);
      return withScratchDir(tempAudioDir, 'compose', (dir) =>
        withHeartbeat(() =>
          withTypedFailures(async () => {
            const wavPath = path.join(dir, 'composed.wav');
            const rendered = await composeToFile(request, wavPath, { soundfontPath, soundfontPreference, tempDir: dir });
            await storage.putFile(outputKey, wavPath, 'audio/wav');
            return { ...rendered, outputKey };
          }),
        ),
      );
    },

    /** A faded MP3 preview (128 kbps, 30 s unless `seconds` says otherwise) of the audio at `inputKey`, stored at `outputKey`. */
    async encodePreview({ inputKey, outputKey, seconds }: { inputKey: string; outputKey: string; seconds?: number }): Promise<{ outputKey: string; durationSeconds: number }> {
      assertStorageKey('outputKey', outputKey);
      if (seconds !== undefined && !(Number.isFinite(seconds) && seconds > 0)) {
        throw permanentFailure(ErrorType.InvalidInput, `seconds must be a positive number, got ${seconds}`, { problems: [{ field: 'seconds', rule: 'must be positive' }] });
      }
      return withScratchDir(tempAudioDir, 'preview', (dir) =>
        withHeartbeat(() =>
          withTypedFailures(async () => {
            const previewPath = path.join(dir, 'preview.mp3');
            const encoded = await encodePreviewFile(await downloadAudio(storage, 'inputKey', inputKey, dir), previewPath, { seconds, bitrateKbps: 128 });
            await storage.putFile(outputKey, previewPath, 'audio/mpeg');
            return { outputKey, durationSeconds: encoded.durationSeconds };
          }),
        ),
      );
    },
  };
}
