import type { z } from 'zod';
import type { TrackIngestionProgress } from '../contracts/track-ingestion';
import type { Track } from '../generated/prisma/client';
import type { trackViewSchema } from './response-schemas';

export function trackPath(trackId: string): string {
  return `/v1/tracks/${trackId}`;
}

function numbers(value: unknown): number[] | null {
  return Array.isArray(value) && value.every((item) => typeof item === 'number') ? (value as number[]) : null;
}

/** The row as the API shows it; the beat grid (thousands of numbers) is summarised, not sent. */
export function trackView(row: Track, progress?: TrackIngestionProgress): z.output<typeof trackViewSchema> {
  const grid = (row.beatGrid ?? null) as { beats?: unknown; downbeats?: unknown } | null;
  const beats = numbers(grid?.beats);
  const downbeats = numbers(grid?.downbeats);
  return {
    trackId: row.id,
    status: row.status,
    title: row.title,
    artist: row.artist,
    genre: row.genre,
    tags: row.tags,
    durationSeconds: row.durationSeconds,
    bpm: row.bpm,
    key: row.key,
    camelot: row.camelot,
    energy: row.energy,
    loudnessLufs: row.loudnessLufs,
    beatCount: beats?.length ?? null,
    firstDownbeat: downbeats?.[0] ?? null,
    phraseStarts: numbers(row.phraseBoundaries),
    fingerprinted: row.fingerprintedAt !== null,
    source: { kind: row.sourceUrl === null ? 'upload' : 'url', url: row.sourceUrl, format: row.sourceFormat, bytes: row.sourceBytes },
    error: row.errorType !== null ? { type: row.errorType, message: row.error ?? '' } : null,
    progress: progress
      ? {
          step: progress.step,
          percent: progress.percent,
          startedAt: progress.startedAt,
          updatedAt: progress.updatedAt,
          ...(progress.lastError ? { lastError: progress.lastError } : {}),
        }
      : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    links: { self: trackPath(row.id) },
  };
}
