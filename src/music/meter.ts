/** Dance music is in 4/4 and changes on 8-bar lines: the bar and phrase lengths analysis and planning share. */

export const BEATS_PER_BAR = 4;
export const BARS_PER_PHRASE = 8;

export function barSecondsOf(bpm: number): number {
  return (BEATS_PER_BAR * 60) / bpm;
}
