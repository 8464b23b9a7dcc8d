import { bassBar } from './composer-bass';
import { harmonyBar, padBar } from './composer-comping';
import { drumBar } from './composer-drums';
import { planParts, type PartKind } from './composer-ensemble';
import { planSections, type SectionPlan } from './composer-form';
import { chordOnDegree, type ChordSpec } from './composer-harmony';
import type { SpelledKey } from './composer-key';
import { writeMelody } from './composer-melody';
import { MOOD_PROFILES, type MoodProfile, type Progression } from './composer-moods';
import { createRandom, type Random } from './composer-random';
import { stylesForTempo, type PartStyles } from './composer-tempo-feel';
import type { ResolvedComposeRequest } from './composer-request';
import { barSecondsOf } from '../../music/meter';
import type { BarContext, NoteEvent } from './composer-score';

/** Mixer settings per part, as 0..1 controller values (0.5 = centre pan). */
export interface PartMix {
  volume: number;
  pan: number;
  reverb: number;
}

export interface ArrangedTrack {
  kind: PartKind;
  instrument: string;
  program: number;
  mix: PartMix;
  notes: NoteEvent[];
}

export interface Arrangement {
  bpm: number;
  key: SpelledKey;
  totalBars: number;
  sections: SectionPlan[];
  /** One chord per bar. */
  chords: ChordSpec[];
  tracks: ArrangedTrack[];
}

/** Chords left and pads right of centre, tune and rhythm section in the middle. */
const MIX: Readonly<Record<PartKind, PartMix>> = {
  drums: { volume: 0.85, pan: 0.5, reverb: 0.2 },
  bass: { volume: 0.85, pan: 0.5, reverb: 0.1 },
  harmony: { volume: 0.72, pan: 0.35, reverb: 0.35 },
  pad: { volume: 0.6, pan: 0.65, reverb: 0.45 },
  melody: { volume: 0.8, pan: 0.5, reverb: 0.35 },
};

interface SectionProgressions {
  verse: Progression;
  chorus: Progression;
}

function chooseProgressions(profile: MoodProfile, key: SpelledKey, seed: number): SectionProgressions {
  const choices = profile.progressions[key.mode];
  const random = createRandom(seed, 'progressions');
  const verseIndex = random.int(0, choices.length - 1);
  const chorusIndex = (verseIndex + random.int(1, choices.length - 1)) % choices.length;
  return { verse: choices[verseIndex] ?? [1], chorus: choices[chorusIndex] ?? [1] };
}

function degreeFor(section: SectionPlan, barInSection: number, progressions: SectionProgressions): number {
  // The intro rests on the tonic and the outro keeps coming back to it: the key is stated
  // before the changes start and again while the piece fades.
  if (section.name === 'intro') return 1;
  if (section.name === 'outro') return barInSection % 2 === 0 ? 1 : (progressions.chorus[1] ?? 1);
  const progression = section.name === 'chorus' ? progressions.chorus : progressions.verse;
  // The bridge starts halfway through the verse progression: familiar chords, new order.
  const offset = section.name === 'bridge' ? 2 : 0;
  return progression[(barInSection + offset) % progression.length] ?? 1;
}

function barContexts(sections: readonly SectionPlan[], chords: readonly ChordSpec[]): BarContext[] {
  const totalBars = chords.length;
  return sections.flatMap((section, sectionIndex) =>
    Array.from({ length: section.bars }, (_, barInSection): BarContext => {
      const bar = section.startBar + barInSection;
      return {
        bar,
        section,
        barInSection,
        chord: chords[bar] as ChordSpec,
        nextChord: chords[bar + 1],
        nextSection: sections[sectionIndex + 1],
        isLastBarOfSection: barInSection === section.bars - 1,
        isLastBarOfPiece: bar === totalBars - 1,
      };
    }),
  );
}

/** Every bar of a drum, bass, chord or pad part; chord parts carry their voicing from bar to bar. */
function accompaniment(kind: Exclude<PartKind, 'melody'>, bars: readonly BarContext[], styles: PartStyles, energy: number, random: Random): NoteEvent[] {
  let voicing: number[] | undefined;
  return bars.flatMap((context) => {
    switch (kind) {
      case 'drums':
        return drumBar(styles.drums, context, energy, random, styles.quarterHats);
      case 'bass':
        return bassBar(styles.bass, context, energy);
      case 'harmony': {
        const written = harmonyBar(styles.comp, context, energy, voicing);
        voicing = written.voicing;
        return written.notes;
      }
      case 'pad': {
        const written = padBar(context, energy, voicing);
        voicing = written.voicing;
        return written.notes;
      }
    }
  });
}

/** The whole piece as notes in beats: sections, one chord per bar, and every part's line. */
export function arrange(request: ResolvedComposeRequest): Arrangement {
  const profile = MOOD_PROFILES[request.mood];
  const totalBars = Math.ceil(request.durationSeconds / barSecondsOf(request.bpm));
  const sections = planSections(totalBars);
  const progressions = chooseProgressions(profile, request.key, request.seed);
  const styles = stylesForTempo(profile, request.bpm);
  const harmony = { sevenths: profile.sevenths, raisedDominant: profile.raisedDominant };

  const chords = sections.flatMap((section) =>
    Array.from({ length: section.bars }, (_, barInSection) => {
      const isLastBar = section.startBar + barInSection === totalBars - 1;
      return chordOnDegree(request.key, isLastBar ? 1 : degreeFor(section, barInSection, progressions), harmony);
    }),
  );
  const bars = barContexts(sections, chords);

  const tracks = planParts(request.instruments).map((part, partIndex): ArrangedTrack => {
    const random = createRandom(request.seed, `${part.kind}:${part.instrument}:${partIndex}`);
    const notes =
      part.kind === 'melody'
        ? writeMelody(bars, request.key, styles.melody, profile.energy, random)
        : accompaniment(part.kind, bars, styles, profile.energy, random);
    return { kind: part.kind, instrument: part.instrument, program: part.program, mix: MIX[part.kind], notes };
  });

  return { bpm: request.bpm, key: request.key, totalBars, sections, chords, tracks };
}
