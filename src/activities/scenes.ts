import type { SceneContext, TranscriptSegment } from '../contracts/music-generation';
import type { ActivityDependencies } from './dependencies';

export function createSceneActivities({ scenes }: ActivityDependencies) {
  return {
    /** Mood and energy of the video's scenes from its transcript (local lexicon analyzer or an LLM). */
    async analyzeScenes({ segments }: { segments: TranscriptSegment[] }): Promise<SceneContext> {
      const analysis = await scenes.analyze(segments);
      return {
        dominantMood: analysis.dominantMood,
        averageEnergy: analysis.averageEnergy,
        sceneCount: analysis.sceneCount,
        summary: analysis.summary,
        scenes: analysis.scenes,
      };
    },
  };
}
