import { Midi } from '@tonejs/midi';
import type { Arrangement } from './composer-arrangement';

/** General MIDI reserves channel 10 (index 9) for percussion. */
const DRUM_CHANNEL = 9;
const MELODIC_CHANNELS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15];
const CONTROLLER = { volume: 7, pan: 10, reverb: 91 } as const;

/**
 * Standard MIDI file bytes for an arrangement. Notes are placed by ticks computed from beats
 * rather than by seconds: every grid position is then an exact integer, so the same arrangement
 * always gives the same bytes (480 ticks per quarter divides every value the parts use).
 */
export function writeMidi(arrangement: Arrangement, title: string): Uint8Array {
  const midi = new Midi();
  midi.name = title;
  midi.header.setTempo(arrangement.bpm);
  midi.header.timeSignatures.push({ ticks: 0, timeSignature: [4, 4] });
  midi.header.update();
  const ppq = midi.header.ppq;

  let nextMelodic = 0;
  for (const part of arrangement.tracks) {
    const channel = part.kind === 'drums' ? DRUM_CHANNEL : MELODIC_CHANNELS[nextMelodic++];
    if (channel === undefined) throw new RangeError(`more than ${MELODIC_CHANNELS.length} melodic parts`);
    const track = midi.addTrack();
    track.name = `${part.kind}: ${part.instrument}`;
    track.channel = channel;
    track.instrument.number = part.program;
    track.addCC({ number: CONTROLLER.volume, value: part.mix.volume, ticks: 0 });
    track.addCC({ number: CONTROLLER.pan, value: part.mix.pan, ticks: 0 });
    track.addCC({ number: CONTROLLER.reverb, value: part.mix.reverb, ticks: 0 });
    for (const note of part.notes) {
      track.addNote({
        midi: note.midi,
        ticks: Math.round(note.beat * ppq),
        durationTicks: Math.max(1, Math.round(note.beats * ppq)),
        velocity: note.velocity / 127,
      });
    }
  }
  return midi.toArray();
}
