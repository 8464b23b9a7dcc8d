/** Public shapes of the Auto DJ planner (design.md §3, autoDjPlanningWorkflow output). */

export const ENERGY_MODES = ['steady', 'build', 'wave', 'peak', 'chill'] as const;
export type EnergyMode = (typeof ENERGY_MODES)[number];

export const EVENT_PRESETS = ['default', 'club', 'wedding', 'birthday', 'sweet16', 'dinner', 'warmup'] as const;
export type EventPreset = (typeof EVENT_PRESETS)[number];

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

export type TransitionStyle = 'start' | 'long-blend' | 'blend' | 'echo-out' | 'cut';

export interface PlanEntry {
  trackId: string;
  /** The track's own tempo (before any tempo change in the blend). */
  bpm: number;
  /** Set time (s) at which the track starts sounding. */
  startTime: number;
  /** Set time at which the blend from the previous track ends and this track leads alone. */
  mixInTime: number;
  /** Set time at which the next track starts (the end of the set for the last entry). */
  mixOutTime: number;
  /** Seconds this track sounds together with the previous one. */
  overlap: number;
  /** Position in the track's own file where playback starts (a phrase start). */
  cueInTrack: number;
  /** Position in the track's own file where the next track comes in (a phrase start). */
  mixOutInTrack: number;
  /**
   * Tempo change into this track (its BPM over the previous one, half/double time folded).
   * The outgoing tail is played at this rate during the blend so every track keeps its own tempo.
   */
  tempoRatio: number;
  /** Semitones the outgoing tail moves because of that rate when key lock is off. */
  keyShift?: number;
  camelot: string;
  energy: number;
  transition: { style: TransitionStyle; reasons: string[]; score: number };
}

export interface QualityReport {
  harmonicCompatibleShare: number;
  tempoJumpsWithinShare: number;
  energyRmse: number;
  /** Planned length minus target, in seconds (signed). */
  durationErrorSeconds: number;
  /** Over transitions between tracks that both have beat grids; over all transitions when none has. */
  phraseAlignedShare: number;
  /** (cost − optimal cost) / optimal cost where the optimum is known; 0 when the exact search ran. */
  optimalityGap?: number;
}

export interface SkippedTrack {
  trackId: string;
  reason: string;
}

export interface PlanResult {
  entries: PlanEntry[];
  quality: QualityReport;
  totalDurationSeconds: number;
  /** Value of the objective the planner minimised (transition costs + energy-curve deviation + duration error). */
  objective: number;
  algorithm: 'exact' | 'heuristic';
  skipped?: SkippedTrack[];
}
