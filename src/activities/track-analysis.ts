import { analyzeAudio as analyzeAudioFile } from '../audio/dsp/analyze';
import type { AnalysisSummary, TrackToAnalyze } from '../contracts/autodj-planning';
import { ErrorType, permanentFailure } from '../shared/errors';
import type { ActivityDependencies } from './dependencies';
import { withScratchWork } from './scratch-work';
import { downloadAudio } from './storage-audio';

/** Measures catalog tracks that lack features, for Auto DJ planning. */
export function createTrackAnalysisActivities({ storage, db, tempAudioDir }: ActivityDependencies) {
  return {
    /** Tempo, key, energy, loudness, beat grid and phrases of the track's audio at `storageKey`, stored on its Track row. */
    async analyzeAudio({ storageKey, trackId }: TrackToAnalyze): Promise<AnalysisSummary> {
      return withScratchWork(tempAudioDir, 'analyze', async (dir) => {
        if ((await db.track.count({ where: { id: trackId } })) === 0) {
          throw permanentFailure(ErrorType.InvalidInput, `trackId: no catalog track ${trackId}`, { problems: [{ field: 'trackId', rule: 'must name a catalog track' }] });
        }
        const analysis = await analyzeAudioFile(await downloadAudio(storage, 'storageKey', storageKey, dir));
        const phraseStarts = analysis.phraseBoundaries.map((boundary) => boundary.timeSeconds);
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
        };
      });
    },
  };
}
