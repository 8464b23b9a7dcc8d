/** Parses and derives everything the optimizer reads per track once, so the search loops only read numbers. */
import { camelotIndex } from '../music/camelot';
import { parseKey, toCamelot, type Camelot, type ParsedKey } from '../music/keys';
import { mixProfileOf, type MixProfile } from './mix-profile';
import { phraseGridOf, type PhraseGrid } from './phrase-grid';
import type { PlannerTrack } from './types';

export interface PreparedTrack {
  /** Position in the usable pool. */
  index: number;
  track: PlannerTrack;
  key: ParsedKey;
  camelot: Camelot | undefined;
  camelotIndex: number;
  grid: PhraseGrid;
  profile: MixProfile;
  hasBeatGrid: boolean;
}

/** Pools repeat a few dozen key spellings thousands of times: parse each spelling once. */
export function keyParser(): (text: string) => ParsedKey {
  const parsed = new Map<string, ParsedKey>();
  return (text) => {
    let key = parsed.get(text);
    if (key === undefined) {
      key = parseKey(text);
      parsed.set(text, key);
    }
    return key;
  };
}

export function prepareTrack(track: PlannerTrack, index: number, parse: (text: string) => ParsedKey = parseKey): PreparedTrack {
  const key = parse(track.key);
  const camelot = toCamelot(key);
  const grid = phraseGridOf(track);
  return {
    index,
    track,
    key,
    camelot,
    camelotIndex: camelotIndex(camelot),
    grid,
    profile: mixProfileOf(track.durationSeconds, grid),
    hasBeatGrid: grid.source === 'beat-grid',
  };
}
