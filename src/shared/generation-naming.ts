/** Small pure helpers that give a generation its seed and its title. */

/** FNV-1a over the job id: a stable 32-bit seed when the request gives none. */
export function seedFromJobId(jobId: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < jobId.length; index++) {
    hash ^= jobId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
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
