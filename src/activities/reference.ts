import path from 'node:path';
import { analyzeAudio } from '../audio/dsp/analyze';
import { fingerprintFile } from '../audio/dsp/fingerprint-audio';
import { QUERY_DENSITY } from '../audio/fingerprint/fingerprint';
import { moodFromFeatures } from '../audio/analysis/mood';
import { extractReferenceClip as extractClip } from '../providers/reference-extractor';
import { allowAnyAddress, assertSafeReferenceUrl, forbiddenAddressRule } from '../providers/url-safety';
import type { ReferenceClip, ReferenceSong } from '../contracts/music-generation';
import { usableBy } from '../db/catalog-scope';
import { generationScratchKey } from '../storage/keys';
import type { ActivityDependencies } from './dependencies';
import { withScratchWork } from './scratch-work';

const CLIP_SECONDS = 15;

export function createReferenceActivities(deps: ActivityDependencies) {
  const { storage, db, fingerprints, recognition, tempAudioDir, allowPrivateReferenceHosts } = deps;
  const addressRule = allowPrivateReferenceHosts ? allowAnyAddress : forbiddenAddressRule;
  return {
    /** Refuses non-http(s) URLs and hosts that resolve to loopback, private, link-local or metadata addresses. */
    async checkReferenceUrl({ url }: { url: string }): Promise<void> {
      await assertSafeReferenceUrl(url, { addressRule });
    },

    /** A 15 s clip of the reference as WAV in the job's scratch space; returns its storage key. */
    async extractReferenceClip({ jobId, url }: { jobId: string; url: string }): Promise<ReferenceClip> {
      return withScratchWork(tempAudioDir, 'reference', async (dir, signal) => {
        const clip = await extractClip(url, { tempDir: dir, clipSeconds: CLIP_SECONDS, addressRule, signal });
        const clipKey = generationScratchKey(jobId, 'reference-clip.wav');
        await storage.putFile(clipKey, clip.clipPath, 'audio/wav');
        return { clipKey, source: clip.source };
      });
    },

    /**
     * Tempo, key and energy always come from our own analysis of the clip (no service returns them);
     * the name comes from our fingerprint catalog first, then AudD or ACRCloud when configured. The catalog
     * answers with the shared tracks and the job's customer's own, never another customer's (a task
     * scheduled before jobs passed their customer gets the shared catalog only).
     */
    async identifyReference({ clipKey, customerId }: { clipKey: string; customerId?: string }): Promise<ReferenceSong> {
      return withScratchWork(tempAudioDir, 'identify', async (dir) => {
        const clipPath = path.join(dir, 'clip.wav');
        await storage.downloadToFile(clipKey, clipPath);
        const analysis = await analyzeAudio(clipPath);
        const described = {
          bpm: analysis.bpm,
          key: analysis.key,
          camelot: analysis.camelot,
          energy: analysis.energy,
          mood: moodFromFeatures(analysis.key, analysis.energy),
        };
        const scope = { customerId: customerId ?? null };
        // The match's own rule (decideMatch in fingerprint-match.ts) is the only bar: what bench:audio and bench:fingerprint measure.
        const match = await fingerprints.identify(await fingerprintFile(clipPath, QUERY_DENSITY), scope);
        if (match) {
          const track = await db.track.findFirst({
            where: { id: match.trackId, ...(customerId ? usableBy(customerId) : { customerId: null }) },
            select: { title: true, artist: true },
          });
          if (track) {
            return { source: 'catalog', catalogTrackId: match.trackId, title: track.title, artist: track.artist, confidence: match.confidence, ...described };
          }
        }
        const recognized = recognition ? await recognition.identify(clipPath) : null;
        if (recognized) {
          return {
            source: recognition!.name,
            title: recognized.title,
            artist: recognized.artist,
            confidence: recognized.confidence ?? 0.5,
            ...described,
          };
        }
        return { source: 'analysis-only', confidence: analysis.keyConfidence, ...described };
      });
    },
  };
}
