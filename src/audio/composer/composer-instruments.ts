import { INSTRUMENT_NAMES, normalizeInstrumentName, type InstrumentName } from '../../music/vocabulary';

/**
 * General MIDI instruments the composer accepts, by the plain names a prompt uses.
 * `program` is the 0-based GM program number; `role` is what the instrument plays when the
 * ensemble does not need it for something else (see composer-ensemble).
 */
export type InstrumentRole = 'drums' | 'bass' | 'harmony' | 'pad' | 'lead';

export interface GmInstrument {
  program: number;
  role: InstrumentRole;
}

const GM_INSTRUMENTS: Readonly<Record<InstrumentName, GmInstrument>> = {
  piano: { program: 0, role: 'harmony' },
  'acoustic piano': { program: 0, role: 'harmony' },
  'grand piano': { program: 0, role: 'harmony' },
  'bright piano': { program: 1, role: 'harmony' },
  'electric piano': { program: 4, role: 'harmony' },
  rhodes: { program: 4, role: 'harmony' },
  harpsichord: { program: 6, role: 'harmony' },
  celesta: { program: 8, role: 'lead' },
  glockenspiel: { program: 9, role: 'lead' },
  'music box': { program: 10, role: 'lead' },
  vibraphone: { program: 11, role: 'harmony' },
  marimba: { program: 12, role: 'harmony' },
  organ: { program: 16, role: 'harmony' },
  'church organ': { program: 19, role: 'pad' },
  accordion: { program: 21, role: 'lead' },
  harmonica: { program: 22, role: 'lead' },
  guitar: { program: 24, role: 'harmony' },
  'acoustic guitar': { program: 25, role: 'harmony' },
  'nylon guitar': { program: 24, role: 'harmony' },
  'electric guitar': { program: 27, role: 'harmony' },
  'distortion guitar': { program: 30, role: 'harmony' },
  bass: { program: 33, role: 'bass' },
  'acoustic bass': { program: 32, role: 'bass' },
  'electric bass': { program: 33, role: 'bass' },
  'synth bass': { program: 38, role: 'bass' },
  violin: { program: 40, role: 'lead' },
  viola: { program: 41, role: 'lead' },
  cello: { program: 42, role: 'bass' },
  contrabass: { program: 43, role: 'bass' },
  'pizzicato strings': { program: 45, role: 'harmony' },
  harp: { program: 46, role: 'harmony' },
  strings: { program: 48, role: 'pad' },
  'string ensemble': { program: 48, role: 'pad' },
  'synth strings': { program: 50, role: 'pad' },
  choir: { program: 52, role: 'pad' },
  trumpet: { program: 56, role: 'lead' },
  trombone: { program: 57, role: 'lead' },
  'french horn': { program: 60, role: 'lead' },
  brass: { program: 61, role: 'pad' },
  'brass section': { program: 61, role: 'pad' },
  sax: { program: 65, role: 'lead' },
  saxophone: { program: 65, role: 'lead' },
  'tenor sax': { program: 66, role: 'lead' },
  oboe: { program: 68, role: 'lead' },
  clarinet: { program: 71, role: 'lead' },
  piccolo: { program: 72, role: 'lead' },
  flute: { program: 73, role: 'lead' },
  'pan flute': { program: 75, role: 'lead' },
  whistle: { program: 78, role: 'lead' },
  ocarina: { program: 79, role: 'lead' },
  'synth lead': { program: 80, role: 'lead' },
  synth: { program: 81, role: 'lead' },
  lead: { program: 81, role: 'lead' },
  'synth pad': { program: 88, role: 'pad' },
  pad: { program: 89, role: 'pad' },
  'warm pad': { program: 89, role: 'pad' },
  sitar: { program: 104, role: 'lead' },
  kalimba: { program: 108, role: 'lead' },
  drums: { program: 0, role: 'drums' },
  'drum kit': { program: 0, role: 'drums' },
  percussion: { program: 0, role: 'drums' },
};

export function lookupInstrument(name: string): GmInstrument | undefined {
  const normalized = normalizeInstrumentName(name);
  return (INSTRUMENT_NAMES as readonly string[]).includes(normalized) ? GM_INSTRUMENTS[normalized as InstrumentName] : undefined;
}
