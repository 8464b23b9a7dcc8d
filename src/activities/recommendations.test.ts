import { recommendNextTracks } from './recommendations';
import type { PlannerTrack } from '../planner/types';

const track = (id: string, bpm: number, key: string, energy = 6): PlannerTrack => ({ id, durationSeconds: 240, bpm, key, energy });

describe('recommendNextTracks', () => {
  it('ranks a move that keeps to the strict rules before a cheaper one that breaks them', () => {
    const from = track('a', 124, '8A');
    // 9B is a diagonal move (a break of the strict rule) at the same tempo; 9A at +2.4 % (under half a semitone
    // of detune without key lock) keeps to both rules but costs more on its own.
    const byTempo = [track('diagonal', 124, '9B'), track('adjacent', 127, '9A')];
    const ranked = recommendNextTracks(from, byTempo, 2);
    expect(ranked.map((item) => item.trackId)).toEqual(['adjacent', 'diagonal']);
    expect(ranked[0]!.cost).toBeGreaterThan(ranked[1]!.cost);
    expect(Object.keys(ranked[0]!).sort()).toEqual(['cost', 'reasons', 'trackId']);
  });
});
