import type { EnergyMode, EventPreset, HarmonicStrictness } from '../music/vocabulary';

/**
 * Shapes of the Auto DJ planner. What it returns is autoDjPlanningWorkflow's published
 * result, so those shapes live in its contract; the word lists live in src/music/vocabulary.
 */
export {
  ENERGY_MODES,
  EVENT_PRESETS,
  HARMONIC_STRICTNESS_LEVELS,
  type EnergyMode,
  type EventPreset,
  type HarmonicStrictness,
} from '../music/vocabulary';
export { TRANSITION_STYLES, type PlanEntry, type PlanResult, type QualityReport, type SkippedTrack, type TransitionStyle } from '../contracts/autodj-planning';

export interface BeatGrid {
  /** Beat times in seconds from the start of the file. */
  beats: number[];
  /** Bar starts (beat one of each 4/4 bar) in seconds, ascending; the first one starts phrase one. */
  downbeats: number[];
}

export interface PlannerTrack {
  id: string;
  title?: string;
  artist?: string;
  durationSeconds: number;
  bpm: number;
  /** Any common notation: C, Cm, C#m, Db, "A minor", "F♯ major", 8A, 1m… Unknown text is allowed. */
  key: string;
  /** 1 (calm) to 10 (peak). */
  energy: number;
  beatGrid?: BeatGrid;
  firstDownbeat?: number;
  /** Phrase starts in seconds when an analysis found them without a full beat grid. */
  phraseBoundaries?: number[];
  genre?: string;
  hasVocals?: boolean;
}

export interface PlanInput {
  tracks: PlannerTrack[];
  targetDurationSeconds: number;
  energyMode: EnergyMode;
  eventPreset: EventPreset;
  seed?: number;
  firstTrackId?: string;
  lastTrackId?: string;
  /** Largest tempo change played as a beat-matched blend, as a fraction (0.06 = 6 %). */
  tempoTolerance?: number;
  /** Which key moves count as harmonic (default `strict`, the classic Camelot rule). */
  harmonicStrictness?: HarmonicStrictness;
  /**
   * Tracks that must play between two tracks of the same artist (default 3); applies to tracks whose
   * artist is known, 0 turns it off.
   */
  minArtistSpacing?: number;
  /** With key lock a tempo change does not move the key; without it 6 % ≈ one semitone. */
  keyLock?: boolean;
  /** Wall-clock ceiling for the large-pool search; the search normally ends earlier on its own work budget. */
  timeBudgetMs?: number;
  /** The set length must land within target ± this many seconds. */
  durationWindowSeconds?: number;
  /** `auto` picks the exact search up to 16 usable tracks and the heuristic above. */
  algorithm?: 'auto' | 'exact' | 'heuristic';
  onProgress?: (fraction: number) => void;
}
