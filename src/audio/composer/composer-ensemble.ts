import type { ResolvedInstrument } from './composer-request';

export type PartKind = 'drums' | 'bass' | 'harmony' | 'pad' | 'melody';

export interface Part {
  kind: PartKind;
  instrument: string;
  program: number;
}

const KIND_BY_ROLE = { drums: 'drums', bass: 'bass', harmony: 'harmony', pad: 'pad', lead: 'melody' } as const;

/**
 * Who plays what. Each instrument takes its natural role; then the ensemble is completed from
 * the instruments asked for, never by adding new ones: a missing tune goes to a chord
 * instrument, a missing bass line to the lowest-sounding one, missing chords to the lead. Every
 * piece therefore has harmony and a bass, which is also what lets key detection find the key.
 */
export function planParts(instruments: readonly ResolvedInstrument[]): Part[] {
  const parts: Part[] = instruments.map((instrument) => ({
    kind: KIND_BY_ROLE[instrument.role],
    instrument: instrument.name,
    program: instrument.program,
  }));
  const has = (kind: PartKind): boolean => parts.some((part) => part.kind === kind);
  const firstOf = (...kinds: PartKind[]): Part | undefined =>
    kinds.map((kind) => parts.find((part) => part.kind === kind)).find((part) => part !== undefined);

  // With several sustained instruments and none to play the rhythm, the first of them plays the
  // mood's chord figure instead (strings take the ostinato, brass and choir hold the chords).
  const pads = parts.filter((part) => part.kind === 'pad');
  const firstPad = pads[0];
  if (!has('harmony') && pads.length >= 2 && firstPad) firstPad.kind = 'harmony';

  const chordSource = firstOf('harmony');
  if (!has('melody') && chordSource) parts.push({ ...chordSource, kind: 'melody' });

  if (!has('harmony') && !has('pad')) {
    const lead = firstOf('melody', 'bass');
    if (lead) parts.push({ ...lead, kind: 'pad' });
  }

  if (!has('bass')) {
    const low = firstOf('harmony', 'pad', 'melody');
    if (low) parts.push({ ...low, kind: 'bass' });
  }
  return parts;
}
