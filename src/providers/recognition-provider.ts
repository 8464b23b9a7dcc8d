/** A song identified from a reference clip. BPM and key never come from here: we measure them. */
export interface RecognizedSong {
  title: string;
  artist: string;
  album?: string;
  /** 0–1 where the provider gives a score; AudD does not. */
  confidence?: number;
}

/** Song identification; `null` means "no match", which is an answer and not an error. */
export interface RecognitionProvider {
  readonly name: 'audd' | 'acrcloud';
  identify(clipPath: string): Promise<RecognizedSong | null>;
}
