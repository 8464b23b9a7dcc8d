export type SectionName = 'intro' | 'verse' | 'chorus' | 'bridge' | 'outro';

export interface SectionPlan {
  name: SectionName;
  startBar: number;
  bars: number;
  /** 0..1: how many parts play and how hard; the chorus is the peak. */
  intensity: number;
}

const INTENSITY: Readonly<Record<SectionName, number>> = { intro: 0.5, verse: 0.75, chorus: 1, bridge: 0.65, outro: 0.6 };

/** The body cycles through these sections; a bridge breaks the repetition in long pieces. */
const BODY_CYCLE: readonly SectionName[] = ['verse', 'chorus', 'verse', 'chorus', 'bridge', 'chorus'];
const BODY_SECTION_BARS = 8;
const PHRASE_BARS = 4;
/** A body this long gets a chorus even when it is shorter than two full sections. */
const MIN_BARS_FOR_CHORUS = 6;

function edgeBars(totalBars: number): number {
  if (totalBars >= 24) return 4;
  if (totalBars >= 8) return 2;
  return totalBars >= 4 ? 1 : 0;
}

/**
 * Eight-bar sections; a leftover of four bars or more becomes one more (shorter) section, a
 * smaller one lengthens the last, so the piece never has a two-bar fragment in the middle. A body
 * too short for two full sections is halved so it still has a verse and a chorus.
 */
function bodySections(bodyBars: number): { name: SectionName; bars: number }[] {
  if (bodyBars <= 0) return [];
  if (bodyBars < MIN_BARS_FOR_CHORUS) return [{ name: 'verse', bars: bodyBars }];
  if (bodyBars < 2 * BODY_SECTION_BARS) {
    const verseBars = Math.floor(bodyBars / 2);
    return [{ name: 'verse', bars: verseBars }, { name: 'chorus', bars: bodyBars - verseBars }];
  }
  const sizes = Array.from({ length: Math.floor(bodyBars / BODY_SECTION_BARS) }, () => BODY_SECTION_BARS);
  const leftover = bodyBars % BODY_SECTION_BARS;
  if (leftover >= PHRASE_BARS) sizes.push(leftover);
  else sizes[sizes.length - 1] = BODY_SECTION_BARS + leftover;
  return sizes.map((bars, index) => ({ name: BODY_CYCLE[index % BODY_CYCLE.length] ?? 'verse', bars }));
}

/** Splits `totalBars` into intro, verse/chorus body and outro, in that order, covering every bar. */
export function planSections(totalBars: number): SectionPlan[] {
  const introBars = edgeBars(totalBars);
  const outroBars = edgeBars(totalBars);
  const bodyBars = totalBars - introBars - outroBars;

  const names: { name: SectionName; bars: number }[] = [];
  if (introBars > 0) names.push({ name: 'intro', bars: introBars });
  names.push(...bodySections(bodyBars));
  if (outroBars > 0) names.push({ name: 'outro', bars: outroBars });

  let startBar = 0;
  return names.map(({ name, bars }) => {
    const section = { name, startBar, bars, intensity: INTENSITY[name] };
    startBar += bars;
    return section;
  });
}
