import type { BassStyle, CompStyle, DrumStyle, MelodyDensity, MoodProfile } from './composer-moods';

/** Below this tempo, steady eighth notes make listeners (and beat trackers) hear double time. */
export const SLOW_TEMPO_BPM = 90;

export interface PartStyles {
  drums: DrumStyle;
  bass: BassStyle;
  comp: CompStyle;
  melody: MelodyDensity;
  /** Hi-hats on the beat only, no off-beat hats. */
  quarterHats: boolean;
}

/**
 * The mood's playing styles, adapted to the tempo: at slow tempos the driving eighth-note
 * figures become quarter-note ones so the pulse stays at the requested tempo, not twice it.
 */
export function stylesForTempo(profile: MoodProfile, bpm: number): PartStyles {
  const slow = bpm < SLOW_TEMPO_BPM;
  return {
    drums: profile.drums,
    bass: slow && (profile.bass === 'drive' || profile.bass === 'pop') ? 'pulse' : profile.bass,
    comp: slow && (profile.comp === 'stabs' || profile.comp === 'ostinato') ? 'pulse' : profile.comp,
    melody: slow && profile.melody === 'busy' ? 'medium' : profile.melody,
    quarterHats: slow,
  };
}
