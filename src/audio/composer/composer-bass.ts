import { noteAtOrAbove } from './composer-harmony';
import type { BassStyle } from './composer-moods';
import { BEATS_PER_BAR } from '../../music/meter';
import { shapeVelocity, type BarContext, type NoteEvent } from './composer-score';

/** Bass roots sit between A1 and G#2: low enough to anchor, high enough for small speakers. */
const BASS_FLOOR = 33;

type Target = 'root' | 'third' | 'fifth' | 'octave' | 'approach';
type Hit = readonly [beat: number, beats: number, target: Target];

const STYLES: Readonly<Record<BassStyle, readonly Hit[]>> = {
  sustain: [[0, 2, 'root'], [2, 2, 'fifth']],
  pulse: [[0, 1, 'root'], [1, 1, 'root'], [2, 1, 'root'], [3, 1, 'fifth']],
  pop: [[0, 1.5, 'root'], [1.5, 0.5, 'root'], [2, 1, 'fifth'], [3, 0.5, 'root'], [3.5, 0.5, 'approach']],
  drive: [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5].map((beat): Hit => [beat, 0.5, beat % 1 === 0 ? 'root' : 'octave']),
  walk: [[0, 1, 'root'], [1, 1, 'third'], [2, 1, 'fifth'], [3, 1, 'approach']],
};

function pitchFor(target: Target, context: BarContext): number {
  const root = noteAtOrAbove(context.chord.rootChroma, BASS_FLOOR);
  const chordTone = (index: number): number => noteAtOrAbove(context.chord.pitchClasses[index] ?? context.chord.rootChroma, root);
  switch (target) {
    case 'root':
      return root;
    case 'third':
      return chordTone(1);
    case 'fifth':
      return chordTone(2);
    case 'octave':
      return root + 12;
    case 'approach': {
      // A semitone below the next chord's root leads the ear into the change.
      const nextRoot = noteAtOrAbove((context.nextChord ?? context.chord).rootChroma, BASS_FLOOR);
      return nextRoot === root ? chordTone(2) : nextRoot - 1;
    }
  }
}

export function bassBar(style: BassStyle, context: BarContext, energy: number): NoteEvent[] {
  const barStart = context.bar * BEATS_PER_BAR;
  const { name, intensity } = context.section;
  // Intro and last bar hold the root: the piece starts and ends at rest on the tonic.
  const hits: readonly Hit[] = name === 'intro' || context.isLastBarOfPiece ? [[0, BEATS_PER_BAR, 'root']] : STYLES[style];
  return hits.map(([beat, beats, target]) => ({
    midi: pitchFor(target, context),
    beat: barStart + beat,
    beats: beats * 0.95,
    velocity: shapeVelocity(beat % 2 === 0 ? 100 : 86, intensity, energy),
  }));
}
