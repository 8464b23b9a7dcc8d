import type { SpelledKey } from './composer-key';
import type { MelodyDensity } from './composer-moods';
import type { Random } from './composer-random';
import { BEATS_PER_BAR } from '../../music/meter';
import { shapeVelocity, type BarContext, type NoteEvent } from './composer-score';
import type { SectionName } from './composer-form';

/** A note's place in the bar: [start beat, length in beats]. */
type Cell = readonly [number, number];
type BarRhythm = readonly Cell[];

const RHYTHMS: Readonly<Record<MelodyDensity, readonly BarRhythm[]>> = {
  sparse: [
    [[0, 2], [2, 2]],
    [[0, 3], [3, 1]],
    [[0, 1.5], [1.5, 0.5], [2, 2]],
    [[1, 1], [2, 2]],
  ],
  medium: [
    [[0, 1], [1, 1], [2, 2]],
    [[0, 1.5], [1.5, 0.5], [2, 1], [3, 1]],
    [[0, 2], [2, 1], [3, 1]],
    [[0.5, 0.5], [1, 1], [2, 1.5], [3.5, 0.5]],
  ],
  busy: [
    [[0, 0.5], [0.5, 0.5], [1, 1], [2, 0.5], [2.5, 0.5], [3, 1]],
    [[0, 1], [1, 0.5], [1.5, 0.5], [2, 1], [3, 0.5], [3.5, 0.5]],
    [[0, 1], [1, 1], [2, 1.5], [3.5, 0.5]],
    [[0, 0.5], [0.5, 1], [1.5, 0.5], [2, 2]],
  ],
};

/** Phrase ends hold one long note: the melody breathes every four bars. */
const PHRASE_END: BarRhythm = [[0, 3]];
const STEP_CHOICES = [-2, -1, -1, 1, 1, 2, 0, 3, -3];
/** Which sections carry the tune; intro, bridge and outro leave room for the accompaniment. */
const MELODIC_SECTIONS: ReadonlySet<SectionName> = new Set(['verse', 'chorus']);
/** The chorus sits a fourth above the verse so it lifts. */
const CENTER: Readonly<Partial<Record<SectionName, number>>> = { verse: 72, chorus: 77 };
const RANGE = 9;

interface Motif {
  rhythms: readonly [BarRhythm, BarRhythm];
  /** Scale steps between consecutive notes, replayed each time the motif repeats. */
  steps: readonly number[];
}

function createMotif(density: MelodyDensity, random: Random): Motif {
  const rhythms: [BarRhythm, BarRhythm] = [random.pick(RHYTHMS[density]), random.pick(RHYTHMS[density])];
  const noteCount = rhythms[0].length + rhythms[1].length + PHRASE_END.length;
  return { rhythms, steps: Array.from({ length: noteCount }, () => random.pick(STEP_CHOICES)) };
}

/** The key's scale as MIDI notes over the melody's whole range, lowest first. */
function scaleLadder(key: SpelledKey): number[] {
  const ladder: number[] = [];
  for (let midi = 55; midi <= 96; midi += 1) if (key.scale.includes(midi % 12)) ladder.push(midi);
  return ladder;
}

function nearestIndex(ladder: readonly number[], target: number, accept: (midi: number) => boolean): number {
  let best = 0;
  let bestDistance = Number.POSITIVE_INFINITY;
  ladder.forEach((midi, index) => {
    const distance = Math.abs(midi - target);
    if (accept(midi) && distance < bestDistance) {
      best = index;
      bestDistance = distance;
    }
  });
  return best;
}

/**
 * The tune: a two-bar motif per section type, repeated over the changing chords. Strong beats
 * land on chord tones, the rest move by scale steps, so the line fits every chord it meets.
 */
export function writeMelody(bars: readonly BarContext[], key: SpelledKey, density: MelodyDensity, energy: number, random: Random): NoteEvent[] {
  const ladder = scaleLadder(key);
  const motifs = new Map<SectionName, Motif>();
  const notes: NoteEvent[] = [];
  let index = nearestIndex(ladder, 72, () => true);

  for (const context of bars) {
    const { name, intensity } = context.section;
    const center = CENTER[name];
    if (!MELODIC_SECTIONS.has(name) || center === undefined || context.isLastBarOfPiece) continue;
    let motif = motifs.get(name);
    if (!motif) {
      motif = createMotif(density, random);
      motifs.set(name, motif);
    }
    const phraseBar = context.barInSection % 4;
    const rhythm = phraseBar === 3 ? PHRASE_END : motif.rhythms[phraseBar % 2] ?? PHRASE_END;
    let stepIndex = phraseBar % 2 === 0 ? 0 : motif.rhythms[0].length;
    const isChordTone = (midi: number): boolean => context.chord.pitchClasses.includes(midi % 12);

    for (const [beat, beats] of rhythm) {
      let step = motif.steps[stepIndex % motif.steps.length] ?? 0;
      stepIndex += 1;
      const candidate = ladder[index + step];
      if (candidate === undefined || Math.abs(candidate - center) > RANGE) step = -step;
      index = Math.max(0, Math.min(ladder.length - 1, index + step));
      const strong = beat === 0 || beat === 2;
      if (strong) {
        const here = ladder[index] ?? center;
        index = nearestIndex(ladder, here, (midi) => isChordTone(midi) && Math.abs(midi - center) <= RANGE);
      }
      notes.push({
        midi: ladder[index] ?? center,
        beat: context.bar * BEATS_PER_BAR + beat,
        beats: beats * 0.95,
        velocity: shapeVelocity(strong ? 96 : 84, intensity, energy, random.int(-4, 4)),
      });
    }
  }
  return notes;
}
