import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import { decodeAudio } from '../src/audio/io/decode';
import { CATALOG_DENSITY, FINGERPRINT_SAMPLE_RATE, QUERY_DENSITY, fingerprint, type Landmark } from '../src/audio/fingerprint/fingerprint';
import { InMemoryFingerprintIndex, type FingerprintIndex } from '../src/audio/fingerprint/fingerprint-index';
import { synthesizeTrack } from '../src/audio/analysis/synthetic-track';
import { writeWav16 } from '../src/audio/io/wav-writer';
import { PostgresFingerprintIndex } from '../src/db/fingerprint-index';
import { seededRandom } from '../src/planner/random';
import { percentile } from './audio-metrics';

export interface IdentificationOptions {
  catalogTracks: number;
  trackSeconds: number;
  clipsInCatalog: number;
  clipsOutOfCatalog: number;
  clipSeconds: number;
  seed: number;
  databaseUrl?: string;
}

export interface IndexFigures {
  name: string;
  indexSecondsPerTrack: number;
  top1Accuracy: number;
  falseMatchRate: number;
  wrongTrackMatches: number;
  queryP50Ms: number;
  queryP95Ms: number;
  postings: number;
  /** In PostgreSQL: the packed rows' bytes on disk (TOAST and primary key included) per posting. */
  bytesPerPosting?: number;
}

export interface IdentificationFigures {
  landmarksPerSecond: number;
  fingerprintSecondsPerMinute: number;
  indexes: IndexFigures[];
}

interface Clip {
  trackId: string | null;
  startSeconds: number;
  landmarks: Landmark[];
}

const rate = FINGERPRINT_SAMPLE_RATE;

/** The tempo trackSignal gives the track of `seed`. */
export function trackSignalBpm(seed: number): number {
  return 60 + Math.round(120 * seededRandom(seed)());
}

export function trackSignal(seed: number, seconds: number, ownKick = false): Float32Array {
  const random = seededRandom(seed);
  const bpm = 60 + Math.round(120 * random());
  const key = { tonic: Math.floor(12 * random()), mode: random() < 0.5 ? ('major' as const) : ('minor' as const) };
  return synthesizeTrack({ bpm, key, seconds, sampleRate: rate, seed, ownKick });
}

/** An excerpt with white noise at 10 dB SNR, through a 96 kbps MP3 and back, as mono PCM at the fingerprint rate. */
export async function degradedClipSignal(signal: Float32Array, startSeconds: number, seconds: number, seed: number, dir: string): Promise<Float32Array> {
  const random = seededRandom(seed);
  const start = Math.round(startSeconds * rate);
  const excerpt = signal.slice(start, start + Math.round(seconds * rate));
  let sumSquares = 0;
  for (const sample of excerpt) sumSquares += sample * sample;
  const noise = Math.sqrt(sumSquares / excerpt.length) * 10 ** (-10 / 20) * Math.sqrt(3);
  for (let i = 0; i < excerpt.length; i++) excerpt[i] = excerpt[i]! + (random() * 2 - 1) * noise;
  const wav = join(dir, `clip-${seed}.wav`);
  const mp3 = join(dir, `clip-${seed}.mp3`);
  await writeWav16(wav, [excerpt], rate);
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', wav, '-ar', '44100', '-c:a', 'libmp3lame', '-b:a', '96k', mp3]);
  const decoded = await decodeAudio(mp3, { sampleRate: rate, channels: 1 });
  rmSync(wav);
  rmSync(mp3);
  return decoded.channels[0]!;
}

/** A degraded clip's landmarks at QUERY_DENSITY, as identification fingerprints a reference clip. */
async function degradedClip(signal: Float32Array, startSeconds: number, seconds: number, seed: number, dir: string): Promise<Landmark[]> {
  return fingerprint(await degradedClipSignal(signal, startSeconds, seconds, seed, dir), FINGERPRINT_SAMPLE_RATE, QUERY_DENSITY);
}

async function evaluate(name: string, index: FingerprintIndex, clips: Clip[], indexSecondsPerTrack: number, postings: number, bytesPerPosting?: number): Promise<IndexFigures> {
  const times: number[] = [];
  let correct = 0;
  let inCatalog = 0;
  let falseMatches = 0;
  let wrongTrack = 0;
  let outOfCatalog = 0;
  for (const clip of clips) {
    const started = performance.now();
    const match = await index.identify(clip.landmarks);
    times.push(performance.now() - started);
    if (clip.trackId) {
      inCatalog++;
      if (match?.trackId === clip.trackId && Math.abs(match.offsetSeconds - clip.startSeconds) < 0.5) correct++;
      else if (match) wrongTrack++;
    } else {
      outOfCatalog++;
      if (match) falseMatches++;
    }
  }
  return {
    name,
    indexSecondsPerTrack,
    top1Accuracy: correct / Math.max(1, inCatalog),
    falseMatchRate: falseMatches / Math.max(1, outOfCatalog),
    wrongTrackMatches: wrongTrack,
    queryP50Ms: percentile(times, 50),
    queryP95Ms: percentile(times, 95),
    postings,
    ...(bytesPerPosting === undefined ? {} : { bytesPerPosting }),
  };
}

/**
 * The product's PostgreSQL index: the catalog indexed track by track (pending rows), packed as database maintenance
 * does, then queried. Bench tracks are removed afterwards and a second pack drops their postings.
 */
async function postgresFigures(databaseUrl: string, catalog: Landmark[][], clips: Clip[], fingerprintSecondsPerTrack: number): Promise<IndexFigures | undefined> {
  const pool = new Pool({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  try {
    await pool.query('SELECT 1 FROM "FingerprintPostings" LIMIT 1');
  } catch {
    await pool.end();
    return undefined;
  }
  const ids = catalog.map((_, i) => `bench-fingerprint-${i}`);
  const index = new PostgresFingerprintIndex(pool);
  try {
    await pool.query('DELETE FROM "Track" WHERE id = ANY($1::text[])', [ids]);
    await index.pack();
    const before = await postingsBytes(pool);
    await pool.query(
      'INSERT INTO "Track" (id, title, artist, "durationSeconds", "updatedAt") SELECT id, id, \'bench\', 60, now() FROM UNNEST($1::text[]) AS t(id)',
      [ids],
    );
    const started = performance.now();
    for (const [i, landmarks] of catalog.entries()) await index.addTrack(ids[i]!, landmarks);
    await index.pack();
    const indexSeconds = (performance.now() - started) / 1000 / catalog.length;
    await pool.query('VACUUM ANALYZE "FingerprintPostings"');
    const postings = catalog.reduce((sum, landmarks) => sum + landmarks.length, 0);
    const bytes = (await postingsBytes(pool)) - before;
    const renamed = clips.map((clip) => ({ ...clip, trackId: clip.trackId === null ? null : `bench-fingerprint-${clip.trackId.slice('track-'.length)}` }));
    return await evaluate('PostgreSQL', index, renamed, indexSeconds + fingerprintSecondsPerTrack, postings, Number((bytes / Math.max(1, postings)).toFixed(1)));
  } finally {
    await pool.query('DELETE FROM "Track" WHERE id = ANY($1::text[])', [ids]);
    await index.pack();
    await pool.end();
  }
}

async function postingsBytes(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ bytes: string }>('SELECT pg_total_relation_size(\'"FingerprintPostings"\') AS bytes');
  return Number(rows[0]!.bytes);
}

export async function benchIdentification(dir: string, options: IdentificationOptions): Promise<IdentificationFigures> {
  mkdirSync(dir, { recursive: true });
  const random = seededRandom(options.seed);
  const catalog: Landmark[][] = [];
  const clips: Clip[] = [];
  const clipEvery = Math.max(1, Math.floor(options.catalogTracks / options.clipsInCatalog));
  let fingerprintSeconds = 0;

  const memory = new InMemoryFingerprintIndex();
  let memoryIndexSeconds = 0;
  for (let i = 0; i < options.catalogTracks; i++) {
    const signal = trackSignal(options.seed * 100_000 + i, options.trackSeconds);
    let started = performance.now();
    const landmarks = fingerprint(signal, FINGERPRINT_SAMPLE_RATE, CATALOG_DENSITY);
    fingerprintSeconds += (performance.now() - started) / 1000;
    catalog.push(landmarks);
    started = performance.now();
    await memory.addTrack(`track-${i}`, landmarks);
    memoryIndexSeconds += (performance.now() - started) / 1000;
    if (i % clipEvery === 0 && clips.filter((c) => c.trackId).length < options.clipsInCatalog) {
      const startSeconds = Math.round(random() * (options.trackSeconds - options.clipSeconds) * 100) / 100;
      clips.push({ trackId: `track-${i}`, startSeconds, landmarks: await degradedClip(signal, startSeconds, options.clipSeconds, 10_000 + i, dir) });
    }
  }
  for (let i = 0; i < options.clipsOutOfCatalog; i++) {
    const signal = trackSignal(options.seed * 100_000 + 50_000 + i, options.clipSeconds + 2);
    clips.push({ trackId: null, startSeconds: 1, landmarks: await degradedClip(signal, 1, options.clipSeconds, 20_000 + i, dir) });
  }

  const totalLandmarks = catalog.reduce((sum, l) => sum + l.length, 0);
  const fingerprintPerTrack = fingerprintSeconds / options.catalogTracks;
  const indexes = [await evaluate('in-memory', memory, clips, fingerprintPerTrack + memoryIndexSeconds / options.catalogTracks, totalLandmarks)];
  if (options.databaseUrl) {
    const postgres = await postgresFigures(options.databaseUrl, catalog, clips, fingerprintPerTrack);
    if (postgres) indexes.push(postgres);
  }
  return {
    landmarksPerSecond: Math.round(totalLandmarks / (options.catalogTracks * options.trackSeconds)),
    fingerprintSecondsPerMinute: (fingerprintSeconds / (options.catalogTracks * options.trackSeconds)) * 60,
    indexes,
  };
}
