import type { Pool } from 'pg';
import type { ActivityDependencies, WorkflowLiveness } from './activities';
import { loadKeyRing } from './codec/key-ring';
import { SecretBox } from './codec/secret-box';
import type { AppConfig } from './config';
import type { Database } from './db/client';
import { PostgresFingerprintIndex } from './db/fingerprint-index';
import { createWorkerMetrics } from './metrics/worker-metrics';
import { AcrCloudRecognitionProvider } from './providers/acrcloud-recognition-provider';
import { AuddRecognitionProvider } from './providers/audd-recognition-provider';
import { LocalMusicProvider } from './providers/local-music-provider';
import { LocalSceneAnalyzer } from './providers/local-scene-analyzer';
import { MurekaMusicProvider } from './providers/mureka-music-provider';
import type { MusicProvider } from './providers/music-provider';
import { OpenAiSceneAnalyzer } from './providers/openai-scene-analyzer';
import type { RecognitionProvider } from './providers/recognition-provider';
import type { SceneAnalyzer } from './providers/scene-analyzer';
import { OrderedLane } from './shared/ordered-lane';
import type { ObjectStorage } from './storage';

export interface Services {
  db: Database;
  sql: Pool;
  storage: ObjectStorage;
  workflows: WorkflowLiveness;
}

/** The one place where configuration picks each provider's implementation (real client or local). */
export function createActivityDependencies(config: AppConfig, { db, sql, storage, workflows }: Services): ActivityDependencies {
  return {
    db,
    sql,
    storage,
    workflows,
    tempAudioDir: config.tempAudioDir,
    music: musicProvider(config, storage),
    audioLane: new OrderedLane(config.worker.generationAudioLanes),
    scenes: sceneAnalyzer(config.providers.scenes),
    recognition: recognitionProvider(config.providers.recognition),
    fingerprints: new PostgresFingerprintIndex(sql),
    soundfontPath: config.providers.music.kind === 'local' ? config.providers.music.soundfontPath : undefined,
    allowPrivateReferenceHosts: config.providers.allowPrivateReferenceHosts,
    webhookSecrets: new SecretBox(loadKeyRing(config.temporal.payloadEncryption)),
    allowLoopbackWebhooks: config.providers.allowLoopbackWebhooks,
    metrics: createWorkerMetrics(),
  };
}

function musicProvider(config: AppConfig, storage: ObjectStorage): MusicProvider {
  const settings = config.providers.music;
  if (settings.kind === 'mureka') return new MurekaMusicProvider({ apiKey: settings.apiKey, baseUrl: settings.baseUrl, model: settings.model });
  return new LocalMusicProvider({ storage, tempDir: config.tempAudioDir, composer: { soundfontPath: settings.soundfontPath } });
}

function sceneAnalyzer(settings: AppConfig['providers']['scenes']): SceneAnalyzer {
  if (settings.kind === 'openai') {
    return new OpenAiSceneAnalyzer({ apiKey: settings.apiKey, baseUrl: settings.baseUrl, model: settings.model, responseFormat: settings.responseFormat });
  }
  return new LocalSceneAnalyzer();
}

/** The local recognizer is our fingerprint catalog, which identifyReference always asks first. */
function recognitionProvider(settings: AppConfig['providers']['recognition']): RecognitionProvider | undefined {
  if (settings.kind === 'audd') return new AuddRecognitionProvider({ apiToken: settings.apiToken, baseUrl: settings.baseUrl });
  if (settings.kind === 'acrcloud') {
    return new AcrCloudRecognitionProvider({ baseUrl: settings.baseUrl, accessKey: settings.accessKey, accessSecret: settings.accessSecret });
  }
  return undefined;
}
