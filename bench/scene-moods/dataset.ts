import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TranscriptSegment } from '../../src/contracts/music-generation';
import { SCENE_MOODS, type SceneMood } from '../../src/providers/scene-analyzer';

export const ENERGY_BANDS = ['low', 'mid', 'high'] as const;
export type EnergyBand = (typeof ENERGY_BANDS)[number];
/** The score each band stands for (README.md, energy rule). */
export const BAND_CENTRE: Record<EnergyBand, number> = { low: 20, mid: 50, high: 80 };
export type Split = 'dev' | 'heldout';

export interface LabelledSegment extends TranscriptSegment {
  mood: SceneMood;
  band: EnergyBand;
}

export interface LabelledClip {
  id: string;
  genre: string;
  split: Split;
  segments: LabelledSegment[];
}

/** Uniform pace so that speech rate carries no label information (README.md, timing). */
const WORDS_PER_SECOND = 2.5;
const GAP_SECONDS = 0.3;

const CLIP_HEADER = /^## (\S+) \| ([^|]+) \| (dev|heldout)$/;
const SEGMENT_LINE = /^(\w+) (low|mid|high) \| (.+)$/;

export function loadClips(file = path.join(__dirname, 'segments.txt')): LabelledClip[] {
  const clips: LabelledClip[] = [];
  let clock = 0;
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      const header = CLIP_HEADER.exec(line);
      if (header) {
        clips.push({ id: header[1] as string, genre: (header[2] as string).trim(), split: header[3] as Split, segments: [] });
        clock = 0;
        return;
      }
      const labelled = SEGMENT_LINE.exec(line);
      if (!labelled) {
        if (line.trim() !== '' && !line.startsWith('#')) throw new Error(`segments.txt:${index + 1}: not a clip header or labelled segment`);
        return;
      }
      const clip = clips.at(-1);
      const mood = labelled[1] as SceneMood;
      if (clip === undefined || !SCENE_MOODS.includes(mood)) throw new Error(`segments.txt:${index + 1}: unknown mood or no clip`);
      const text = labelled[3] as string;
      const seconds = Math.round((text.split(/\s+/).length / WORDS_PER_SECOND) * 10) / 10;
      clip.segments.push({ start: clock, end: clock + seconds, text, mood, band: labelled[2] as EnergyBand });
      clock = Math.round((clock + seconds + GAP_SECONDS) * 10) / 10;
    });
  return clips;
}

/** The mood with the most labelled seconds; on a tie, the one heard first (README.md). */
export function labelledDominantMood(clip: LabelledClip): SceneMood {
  const seconds = new Map<SceneMood, number>();
  for (const segment of clip.segments) seconds.set(segment.mood, (seconds.get(segment.mood) ?? 0) + segment.end - segment.start);
  let best = (clip.segments[0] as LabelledSegment).mood;
  for (const [mood, total] of seconds) if (total > (seconds.get(best) ?? 0)) best = mood;
  return best;
}

/** Time-weighted mean of the band centres. */
export function labelledAverageEnergy(clip: LabelledClip): number {
  const total = clip.segments.reduce((sum, segment) => sum + segment.end - segment.start, 0);
  return clip.segments.reduce((sum, segment) => sum + BAND_CENTRE[segment.band] * (segment.end - segment.start), 0) / total;
}

export function bandOf(energy: number): EnergyBand {
  return energy >= 65 ? 'high' : energy >= 35 ? 'mid' : 'low';
}
