import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { composeMusic, type ComposeOptions } from '../audio/composer/composer';
import { COMPOSE_LIMITS } from '../audio/composer/composer-request';
import { MOODS, type Mood } from '../music/vocabulary';
import type { ObjectStorage } from '../storage';
import { TEMPORARY_PREFIX } from '../storage/keys';
import { LocalSceneAnalyzer } from './local-scene-analyzer';
import type { MusicRequest, MusicTaskStatus } from '../contracts/music-generation';
import type { MusicProvider, SubmittedMusicTask } from './music-provider';

const STORAGE_URL_SCHEME = 'storage:';
const FALLBACK_MOOD: Mood = 'calm';

export interface LocalMusicProviderOptions {
  storage: ObjectStorage;
  /** Scratch directory for renders; the OS temp dir by default. */
  tempDir?: string;
  composer?: Pick<ComposeOptions, 'soundfontPath' | 'soundfontPreference' | 'timeoutMs'>;
}

/**
 * The local composer behind the MusicProvider contract, so the product runs with no API key. `submit`
 * composes at once and stores the WAV under a key derived from the request, which is also the task id:
 * a repeated submit finds the object and does not render again, and any worker can poll or download it.
 */
export class LocalMusicProvider implements MusicProvider {
  readonly name = 'local';
  readonly rendersOnWorker = true;
  private readonly moodReader = new LocalSceneAnalyzer();

  constructor(private readonly options: LocalMusicProviderOptions) {}

  async submit(request: MusicRequest): Promise<SubmittedMusicTask> {
    const taskId = `${TEMPORARY_PREFIX}local-composer/${requestDigest(request)}.wav`;
    if ((await this.options.storage.head(taskId)) !== null) return { taskId };
    const scratchRoot = this.options.tempDir ?? os.tmpdir();
    await mkdir(scratchRoot, { recursive: true });
    const workDir = await mkdtemp(path.join(scratchRoot, 'compose-'));
    try {
      const wavPath = path.join(workDir, 'composed.wav');
      await composeMusic(
        {
          mood: this.moodOf(request),
          bpm: composableTempo(request.referenceSong?.bpm),
          key: request.referenceSong?.key,
          instruments: request.instruments,
          durationSeconds: request.durationSeconds,
          seed: request.seed ?? 0,
        },
        wavPath,
        { ...this.options.composer, tempDir: workDir },
      );
      await this.options.storage.putFile(taskId, wavPath, 'audio/wav');
      return { taskId };
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }

  async poll(taskId: string): Promise<MusicTaskStatus> {
    const stored = await this.options.storage.head(taskId);
    if (stored === null) return { status: 'failed', failure: { type: 'ProviderTaskFailed', message: `composition ${taskId} is gone from storage` } };
    return { status: 'succeeded', audioUrl: `${STORAGE_URL_SCHEME}${taskId}`, audioFormat: 'wav' };
  }

  async download(audioUrl: string, destPath: string): Promise<void> {
    const key = this.storedKey(audioUrl);
    if (!key) throw new Error(`not a local composition: ${audioUrl}`);
    await this.options.storage.downloadToFile(key, destPath);
  }

  /** A composition is stored under its task id already, where the cleanup schedule ages it out like job scratch. */
  storedKey(audioUrl: string): string | undefined {
    return audioUrl.startsWith(STORAGE_URL_SCHEME) ? audioUrl.slice(STORAGE_URL_SCHEME.length) : undefined;
  }

  /** The asked mood, else the scenes', else what the prompt's words feel like. */
  private moodOf(request: MusicRequest): Mood {
    const candidates = [request.mood, request.sceneContext?.dominantMood];
    if (request.userPrompt) {
      candidates.push(this.moodReader.analyzeSync([{ start: 0, end: 10, text: request.userPrompt }]).dominantMood);
    }
    return (candidates.find((mood): mood is Mood => MOODS.includes(mood as Mood)) ?? FALLBACK_MOOD);
  }
}

/** A reference tempo the composer can play: halved or doubled into its range, as a DJ would hear it. */
function composableTempo(bpm: number | undefined): number | undefined {
  if (bpm === undefined || !Number.isFinite(bpm) || bpm <= 0) return undefined;
  let tempo = bpm;
  while (tempo > COMPOSE_LIMITS.maxBpm) tempo /= 2;
  while (tempo < COMPOSE_LIMITS.minBpm) tempo *= 2;
  return Math.round(tempo * 10) / 10;
}

/** Canonical JSON of the request (sorted keys), hashed: equal requests share one composition. */
function requestDigest(request: MusicRequest): string {
  const canonical = JSON.stringify(request, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}
