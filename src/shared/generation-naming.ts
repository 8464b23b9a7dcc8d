import { fnv1a32 } from './seeded-random';

/** Small pure helpers that give a generation its seed and its title. */

/** A stable 32-bit seed from the job id, when the request gives none. */
export function seedFromJobId(jobId: string): number {
  return fnv1a32(jobId);
}

const TITLE_WORDS = 6;

/** The first words of the prompt, else the mood: "Calm background music". */
export function generationTitle(prompt: string | undefined, mood: string | undefined): string {
  const words = (prompt ?? '').replace(/[^\p{L}\p{N}\s'-]/gu, ' ').split(/\s+/).filter(Boolean);
  if (words.length > 0) {
    const title = words.slice(0, TITLE_WORDS).join(' ');
    return title.charAt(0).toUpperCase() + title.slice(1) + (words.length > TITLE_WORDS ? '…' : '');
  }
  const name = mood ?? 'calm';
  return `${name.charAt(0).toUpperCase()}${name.slice(1)} background music`;
}
