import type { ErrorType } from '../shared/errors';
import type { MusicPromptInput } from './prompt';

/**
 * What to generate. Remote providers turn it into a prompt; a local composer reads the fields and the
 * seed (same seed, same music), which remote providers have no use for.
 */
export type MusicRequest = MusicPromptInput & { seed?: number };

export interface SubmittedMusicTask {
  /** Opaque id the caller stores (heartbeat details or workflow state) before polling. */
  taskId: string;
}

export type AudioFormat = 'wav' | 'flac' | 'mp3';

export type MusicTaskStatus =
  | { status: 'pending'; providerStatus: string }
  | { status: 'succeeded'; audioUrl: string; audioFormat: AudioFormat; durationMs?: number }
  | { status: 'failed'; failure: { type: ErrorType; message: string } };

/**
 * Music generation built for durable use: `submit` is called once per job and its task id is
 * recorded, so that a retried or restarted activity only polls and never pays for a second task.
 * `poll` is side-effect free and may be repeated any number of times; `download` overwrites.
 */
export interface MusicProvider {
  readonly name: string;
  submit(request: MusicRequest): Promise<SubmittedMusicTask>;
  poll(taskId: string): Promise<MusicTaskStatus>;
  /** Copies the finished audio to a local path; the remote URL may expire, so do it promptly. */
  download(audioUrl: string, destPath: string): Promise<void>;
  /** The object storage key of the finished audio when it is already in our storage (nothing to copy). */
  storedKey?(audioUrl: string): string | undefined;
}
