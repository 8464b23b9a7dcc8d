import type { MusicRequest, MusicTaskStatus } from '../contracts/music-generation';

export interface SubmittedMusicTask {
  /** Opaque id the caller stores (heartbeat details or workflow state) before polling. */
  taskId: string;
}

/**
 * Music generation built for durable use: `submit` is called once per job and its task id is
 * recorded, so that a retried or restarted activity only polls and never pays for a second task.
 * `poll` is side-effect free and may be repeated any number of times; `download` overwrites.
 */
export interface MusicProvider {
  readonly name: string;
  /** True when `submit` renders on this worker's CPU (the local composer): it then waits its turn in the audio lane. */
  readonly rendersOnWorker: boolean;
  submit(request: MusicRequest): Promise<SubmittedMusicTask>;
  poll(taskId: string): Promise<MusicTaskStatus>;
  /** Copies the finished audio to a local path; the remote URL may expire, so do it promptly. */
  download(audioUrl: string, destPath: string): Promise<void>;
  /** The object storage key of the finished audio when it is already in our storage (nothing to copy). */
  storedKey?(audioUrl: string): string | undefined;
}
