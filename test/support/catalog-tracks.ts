import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { camelotCode, keyName } from '../../src/music/keys';
import { mulberry32 } from '../../src/shared/seeded-random';

/**
 * Catalog rows as ingestion leaves them (metadata, tempo, key, energy, loudness, beat grid, phrase starts,
 * `ready`), written straight to PostgreSQL so tests and benches can have hundreds or 100,000 tracks without
 * decoding audio. The spread is a club catalog's: mostly house and techno around 120–130 BPM, some slower and
 * faster genres, every key, energies 1–10 leaning to the middle, tags from a small vocabulary.
 */
export const CATALOG_GENRES = [
  { genre: 'house', bpm: [118, 128], share: 0.4 },
  { genre: 'techno', bpm: [125, 140], share: 0.25 },
  { genre: 'disco', bpm: [105, 122], share: 0.1 },
  { genre: 'hip hop', bpm: [80, 100], share: 0.1 },
  { genre: 'drum and bass', bpm: [168, 178], share: 0.1 },
  { genre: 'ambient', bpm: [60, 90], share: 0.05 },
] as const;
export const CATALOG_TAGS = ['vinyl', 'peak', 'warm-up', 'vocal', 'classic', 'promo'] as const;

export interface CatalogTrackRow {
  id: string;
  customerId: string;
  title: string;
  artist: string;
  durationSeconds: number;
  bpm: number;
  key: string;
  camelot: string;
  energy: number;
  loudnessLufs: number;
  beatGrid: { beats: number[]; downbeats: number[] };
  phraseBoundaries: number[];
  genre: string;
  tags: string[];
  hasVocals: boolean;
  storageKey: string;
}

export function catalogTrackRows(customerId: string, count: number, seed: number): CatalogTrackRow[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, (_, index) => {
    let draw = random();
    const style = CATALOG_GENRES.find((candidate) => (draw -= candidate.share) < 0) ?? CATALOG_GENRES[0];
    const bpm = Math.round((style.bpm[0] + random() * (style.bpm[1] - style.bpm[0])) * 10) / 10;
    const key = { tonic: Math.floor(random() * 12), mode: random() < 0.6 ? ('minor' as const) : ('major' as const) };
    const energy = Math.min(10, Math.max(1, Math.round((1 + ((random() + random() + random()) / 3) * 9) * 10) / 10));
    const durationSeconds = Math.round(180 + random() * 240);
    const tags = CATALOG_TAGS.filter(() => random() < 0.3);
    const id = randomUUID();
    return {
      id,
      customerId,
      title: `Track ${index + 1}`,
      artist: `Artist ${Math.floor(random() * Math.max(1, count / 8)) + 1}`,
      durationSeconds,
      bpm,
      key: keyName(key),
      camelot: camelotCode(key),
      energy,
      loudnessLufs: -14 + random() * 6,
      ...beatsOf(bpm, durationSeconds, 0.05 + random() * 0.4),
      genre: style.genre,
      tags,
      hasVocals: tags.includes('vocal'),
      storageKey: `customers/${customerId}/tracks/${id}/source`,
    };
  });
}

/** A steady 4/4 grid as analysis finds one: beats, bar starts, and a phrase start every 8 bars. */
function beatsOf(bpm: number, durationSeconds: number, firstBeat: number): Pick<CatalogTrackRow, 'beatGrid' | 'phraseBoundaries'> {
  const beat = 60 / bpm;
  const beats: number[] = [];
  for (let time = firstBeat; time < durationSeconds; time += beat) beats.push(Math.round(time * 1000) / 1000);
  const downbeats = beats.filter((_, index) => index % 4 === 0);
  return { beatGrid: { beats, downbeats }, phraseBoundaries: downbeats.filter((_, index) => index % 8 === 0) };
}

const COLUMNS = [
  'id', 'customerId', 'status', 'title', 'artist', 'durationSeconds', 'bpm', 'key', 'camelot', 'energy', 'loudnessLufs',
  'beatGrid', 'phraseBoundaries', 'genre', 'tags', 'hasVocals', 'storageKey', 'fingerprintedAt', 'createdAt', 'updatedAt',
] as const;

/** Inserts the rows in multi-row INSERTs of `batch` (parameters stay under PostgreSQL's 65,535). */
export async function insertCatalogTracks(sql: Pool, rows: readonly CatalogTrackRow[], batch = 1000): Promise<void> {
  for (let start = 0; start < rows.length; start += batch) {
    const slice = rows.slice(start, start + batch);
    const values: unknown[] = [];
    const tuples = slice.map((row) => {
      const now = new Date();
      const fields = [
        row.id, row.customerId, 'ready', row.title, row.artist, row.durationSeconds, row.bpm, row.key, row.camelot, row.energy, row.loudnessLufs,
        JSON.stringify(row.beatGrid), JSON.stringify(row.phraseBoundaries), row.genre, row.tags, row.hasVocals, row.storageKey, now, now, now,
      ];
      const placeholders = fields.map((value) => {
        values.push(value);
        return `$${values.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    await sql.query(`INSERT INTO "Track" (${COLUMNS.map((column) => `"${column}"`).join(', ')}) VALUES ${tuples.join(', ')}`, values);
  }
}
