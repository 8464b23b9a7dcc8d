import type { DrumStyle } from './composer-moods';
import type { Random } from './composer-random';
import { BEATS_PER_BAR } from '../../music/meter';
import { shapeVelocity, type BarContext, type NoteEvent } from './composer-score';

/** General MIDI percussion keys (channel 10). */
export const GM_DRUM_KEYS = {
  kick: 36,
  rim: 37,
  snare: 38,
  clap: 39,
  closedHat: 42,
  lowTom: 45,
  openHat: 46,
  midTom: 47,
  crash: 49,
  highTom: 50,
  ride: 51,
} as const;
type DrumVoice = keyof typeof GM_DRUM_KEYS;

/** One bar on a sixteenth-note grid: 'x' accent, 'o' ghost, '.' rest. */
type Pattern = Partial<Record<DrumVoice, string>>;

export const STEPS_PER_BAR = 16;
const STEP_BEATS = BEATS_PER_BAR / STEPS_PER_BAR;

/**
 * Every style keeps the backbeat on 2 and 4 and a kick on 1: beat trackers (ours included) need a
 * clear pulse to report the tempo the request asked for.
 */
const PATTERNS: Readonly<Record<DrumStyle, Pattern>> = {
  pop: { kick: 'x.....o.x.......', snare: '....x.......x...', closedHat: 'x.o.x.o.x.o.x.o.' },
  'four-on-the-floor': { kick: 'x...x...x...x...', clap: '....x.......x...', closedHat: 'o...o...o...o...', openHat: '..x...x...x...x.' },
  ballad: { kick: 'x.......x.......', snare: '....x.......x...', closedHat: 'x.o.x.o.x.o.x.o.' },
  brushes: { kick: 'x.......x.......', rim: '....x.......x...', closedHat: 'o.o.o.o.o.o.o.o.' },
  epic: { kick: 'x...o...x...o...', snare: '....x.......x...', closedHat: 'x.o.x.o.x.o.x.o.', lowTom: '..............o.' },
  dark: { kick: 'x.......x.x.....', snare: '....x.......x...', closedHat: 'x.ooo.oox.ooo.oo' },
  sparse: { kick: 'x.......x.......', rim: '....x.......x...', closedHat: '..o...o...o...o.' },
};

function sectionPattern(style: DrumStyle, context: BarContext): Pattern {
  const full = PATTERNS[style];
  switch (context.section.name) {
    case 'intro':
      // Pulse without the backbeat: the groove arrives with the verse.
      return { kick: full.kick, closedHat: full.closedHat ?? full.openHat };
    case 'bridge':
      return { ...full, kick: 'x.......x.......' };
    default:
      return full;
  }
}

/** A snare (or tom) run over the last beat leading into a new section. */
function fillPattern(style: DrumStyle): Pattern {
  return style === 'epic'
    ? { highTom: '............xo..', midTom: '..............x.', lowTom: '...............x' }
    : { snare: '............oxox' };
}

const QUARTER_HATS = 'x...x...x...x...';

export function drumBar(style: DrumStyle, context: BarContext, energy: number, random: Random, quarterHats: boolean): NoteEvent[] {
  const pattern: Pattern = { ...sectionPattern(style, context) };
  if (quarterHats && (pattern.closedHat || pattern.openHat)) {
    pattern.closedHat = QUARTER_HATS;
    delete pattern.openHat;
  }
  const wantsFill = context.isLastBarOfSection && !context.isLastBarOfPiece && context.section.bars >= 4;
  if (wantsFill) {
    for (const [voice, steps] of Object.entries(fillPattern(style)) as [DrumVoice, string][]) pattern[voice] = steps;
    // The fill replaces the hats on its steps, as a drummer's hands would.
    if (pattern.closedHat) pattern.closedHat = pattern.closedHat.slice(0, 12) + '....';
  }
  const startsBigSection = context.barInSection === 0 && (context.section.name === 'chorus' || context.section.name === 'outro');
  if (startsBigSection) pattern.crash = 'x...............';

  const barStart = context.bar * BEATS_PER_BAR;
  const notes: NoteEvent[] = [];
  for (const voice of Object.keys(GM_DRUM_KEYS) as DrumVoice[]) {
    const steps = pattern[voice];
    if (!steps) continue;
    for (let step = 0; step < STEPS_PER_BAR; step += 1) {
      const hit = steps[step];
      if (hit !== 'x' && hit !== 'o') continue;
      const base = hit === 'x' ? 104 : 68;
      notes.push({
        midi: GM_DRUM_KEYS[voice],
        beat: barStart + step * STEP_BEATS,
        beats: STEP_BEATS,
        velocity: shapeVelocity(base, context.section.intensity, energy, random.int(-5, 5)),
      });
    }
  }
  return notes;
}
