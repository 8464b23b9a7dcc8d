import type { MusicRequest } from '../contracts/music-generation';

/** Mureka's documented prompt limit; the local composer does not care, so it is the one limit. */
export const MAX_PROMPT_LENGTH = 1024;

const FIXED_TAIL = 'instrumental only, no vocals, suitable for video background music';
const SEPARATOR = '. ';
const ELLIPSIS = '…';

type ReferenceSong = MusicRequest['referenceSong'];
type SceneContext = MusicRequest['sceneContext'];

/** Caps per free-text field, so that no single field (a long summary, an odd title) crowds out the rest. */
const FIELD_LIMITS = { title: 80, artist: 80, key: 20, mood: 40, instrument: 30, summary: 200 } as const;
const MAX_INSTRUMENTS = 8;

/**
 * Builds the generation prompt: the user's words first, then the reference song, mood, instruments,
 * tempo and key, duration and scene, and always the fixed tail. Mureka has no duration, BPM or key
 * parameter, so those can only be said here. Pure and deterministic; the result is ≤ 1024 chars.
 */
export function buildMusicPrompt(input: MusicRequest): string {
  const details = [
    referencePart(input.referenceSong),
    moodPart(input.mood),
    instrumentsPart(input.instruments),
    tempoAndKeyPart(input.referenceSong),
    durationPart(input.durationSeconds),
    scenePart(input.sceneContext),
  ].filter((part) => part.length > 0);
  const fixed = [...details, FIXED_TAIL].join(SEPARATOR);
  const userText = input.userPrompt === undefined ? '' : normaliseText(stripTrailingPunctuation(input.userPrompt));
  if (userText.length === 0) return fixed;
  // The field caps keep `fixed` under ~950 chars, so the user's words always keep some room.
  const budget = MAX_PROMPT_LENGTH - fixed.length - SEPARATOR.length;
  return `${truncateAtWord(userText, budget)}${SEPARATOR}${fixed}`;
}

function referencePart(song: ReferenceSong | undefined): string {
  if (song === undefined) return '';
  return `In the feel of "${clean(song.title, FIELD_LIMITS.title)}" by ${clean(song.artist, FIELD_LIMITS.artist)}`;
}

function moodPart(mood: string | undefined): string {
  const text = mood === undefined ? '' : clean(mood, FIELD_LIMITS.mood);
  return text.length > 0 ? `${text} mood` : '';
}

function instrumentsPart(instruments: readonly string[] | undefined): string {
  if (instruments === undefined) return '';
  const unique = [...new Set(instruments.map((name) => clean(name, FIELD_LIMITS.instrument)).filter((n) => n.length > 0))];
  if (unique.length === 0) return '';
  return `featuring ${unique.slice(0, MAX_INSTRUMENTS).join(', ')}`;
}

function tempoAndKeyPart(song: ReferenceSong | undefined): string {
  if (song === undefined) return '';
  const parts: string[] = [];
  if (song.bpm !== undefined && Number.isFinite(song.bpm) && song.bpm > 0) parts.push(`around ${Math.round(song.bpm)} BPM`);
  if (song.key !== undefined && clean(song.key, FIELD_LIMITS.key).length > 0) parts.push(`in ${clean(song.key, FIELD_LIMITS.key)}`);
  return parts.join(', ');
}

function durationPart(seconds: number): string {
  const whole = Math.max(1, Math.round(seconds));
  if (whole < 60) return `about ${whole} seconds long`;
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  return `about ${minutes}:${String(rest).padStart(2, '0')} long`;
}

function scenePart(scene: SceneContext | undefined): string {
  if (scene === undefined) return '';
  const energy = Math.round(Math.min(100, Math.max(0, scene.averageEnergy)));
  const base = `scoring a video that is mostly ${clean(scene.dominantMood, FIELD_LIMITS.mood)} with energy ${energy}/100`;
  const summary = scene.summary === undefined ? '' : clean(stripTrailingPunctuation(scene.summary), FIELD_LIMITS.summary);
  return summary.length > 0 ? `${base} (${summary})` : base;
}

/** Removes control characters and runs of whitespace; user text reaches a third party verbatim otherwise. */
function normaliseText(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
}

function stripTrailingPunctuation(text: string): string {
  return text.trim().replace(/[\s.;,]+$/u, '');
}

function clean(text: string, limit: number): string {
  return truncateAtWord(normaliseText(text), limit);
}

/** Cuts at the last word boundary that fits and marks the cut, so no word is left half-written. */
function truncateAtWord(text: string, limit: number): string {
  if (text.length <= limit) return text;
  if (limit <= ELLIPSIS.length) return '';
  const room = text.slice(0, limit - ELLIPSIS.length);
  const lastSpace = room.lastIndexOf(' ');
  const cut = lastSpace > room.length / 2 ? room.slice(0, lastSpace) : room;
  return `${cut.replace(/[\s.;,]+$/u, '')}${ELLIPSIS}`;
}
