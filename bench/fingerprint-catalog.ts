/**
 * The fingerprint index at catalog scale (issue 14): catalogs of 1,000, 10,000 and 100,000 tracks of 3.5 minutes,
 * identified with 10 s clips (white noise at 10 dB SNR, through a 96 kbps MP3), by the packed index (sparse catalog
 * landmarks, dense clip landmarks, 6 bytes a posting) beside the row-per-landmark index it replaced
 * (bench/row-index-baseline.ts) where memory allows it.
 *
 * The catalog: `--sources` tracks of synthetic audio (bench/audio-identification.ts) are fingerprinted for real;
 * clips are cut from them. The first file of every other piece among the real recordings (bench/real-recordings.ts)
 * joins them, and 3 clips of each are scored in a column of their own. Every other track is a distractor: a synthetic
 * source's fingerprint at another pitch and tempo (`distractor`), so its hashes follow the sources' statistics without
 * copying any source. The hash statistics of the distractors are printed beside those of the sources themselves, of
 * real recordings and of real compositions (bench/real-music-corpus.ts). Clips outside the catalog: the synthesizer at
 * tempos no catalog track has, real compositions and the pieces of the real recordings left out; their matches are
 * the false matches. Apart from them, clips of the synthesizer at tempos catalog tracks have, which share those
 * tracks' drum part sample for sample (a duplicate of part of a track rather than other music): how many of them match
 * is printed on its own.
 *
 *   npm run bench:fingerprint                                  # 1,000, 10,000 and 100,000 tracks
 *   npm run bench:fingerprint -- --sizes 1000 --today-up-to 1000 --postgres
 *   npm run bench:fingerprint -- --own-kick        # synthetic tracks that do not share one kick (docs/catalog.md)
 *   npm run bench:fingerprint -- --real-in-catalog # one render of every other real tune in the catalog, 3 clips of each
 *   npm run bench:fingerprint -- --pack-tracks 1000 # also the write path: addTrack per track, then one pack, timed
 *   npm run bench:fingerprint -- --sizes 100000 --postgres --pack-into-largest 1000 # the same into the packed 100,000
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATALOG_DENSITY, FINGERPRINT_FRAME_SECONDS, anchorBinOf, FINGERPRINT_SAMPLE_RATE, QUERY_DENSITY, STANDARD_DENSITY, fingerprint, type Landmark, type LandmarkDensity } from '../src/audio/fingerprint/fingerprint';
import { offsetsByHash, type FingerprintMatch } from '../src/audio/fingerprint/fingerprint-match';
import { PackedPostings, everyTrackNumber, identifyInPostings, landmarksAsArrays, rankTracks, type TrackLandmarks } from '../src/audio/fingerprint/packed-postings';
import { seededRandom } from '../src/planner/random';
import { degradedClipSignal, trackSignal, trackSignalBpm } from './audio-identification';
import { buildRealMusicCorpus, type RealMusicEntry } from './real-music-corpus';
import { listRealRecordings, type RealRecording } from './real-recordings';
import { decodeAudio } from '../src/audio/io/decode';
import { percentile } from './audio-metrics';
import { argValue, numberListArg } from './cli-args';
import { indexAndPack, measureIndexAndPack, withPostgresPostings, type IngestPackFigures } from './fingerprint-catalog-postgres';
import { RowIndexBaseline } from './row-index-baseline';

/** Where bench:audio keeps the real-music renders (reused when present). */
const REAL_MUSIC_CACHE = join(__dirname, 'out', 'audio', 'real');
const TRACK_SECONDS = 210;
const CLIP_SECONDS = 10;
const REAL_CLIPS_PER_SOURCE = 3;
/** Recordings shorter than this are a game's jingles and stings, not tracks. */
const MIN_RECORDING_SECONDS = 40;
/** How far a distractor segment's peaks move (frequency bins of 21.5 Hz, either way). */
const MAX_BIN_SHIFT = Number(process.env.MAX_BIN_SHIFT ?? 20);
/** Today's PostgreSQL rows (bench:audio, docs/audio-analysis.md): 118 bytes a landmark, index included. */
const TODAY_BYTES_PER_ROW = 118;

interface Clip {
  /** Source number, or null for a clip of a track not in the catalog. */
  source: number | null;
  /** A clip of a real composition (`--real-in-catalog`) or of a real recording in the catalog. */
  realSource?: 'composition' | 'recording';
  /**
   * What an out-of-catalog clip is: the synthesizer at a tempo no catalog track has, a real composition, a real
   * recording, or the synthesizer at a catalog track's tempo (its drum part a copy of that track's).
   */
  outside?: 'synthetic' | 'real' | 'recorded' | 'same-tempo';
  startSeconds: number;
  query: Landmark[];
  standard: Landmark[];
}

interface Figures {
  index: string;
  tracks: number;
  postings: number;
  bytes: number;
  buildSecondsPerTrack: number;
  top1: number;
  /** The clip's track named, wherever in it the match places the clip (a repeated passage lines up as well). */
  top1Track: number;
  /** Top-1 of the in-catalog clips of real compositions, and how many there are (`--real-in-catalog`). */
  top1Real: number;
  realClips: number;
  /** Top-1 of the in-catalog clips of real recordings (at the clip's place, and the track at any place), and how many there are. */
  top1Recorded: number;
  top1RecordedTrack: number;
  recordedClips: number;
  falseMatches: number;
  falseSynthetic: number;
  falseReal: number;
  falseRecorded: number;
  /** Same-tempo clips matched to a track whose drum part they share. */
  sameTempoMatched: number;
  wrongTrack: number;
  queryP50Ms: number;
  queryP95Ms: number;
  queryP95RecordingsMs?: number;
  queryP95OthersMs?: number;
}

/**
 * A distractor: a source's fingerprint at another pitch and tempo (its peaks moved by 1–20 frequency bins and its
 * times stretched by 0.8–1.25), so it keeps a real track's repetitions and hash statistics without sharing the
 * source's hashes.
 */
function distractor(track: number, sources: readonly TrackLandmarks[], seed: number): TrackLandmarks {
  const random = distractorRandom(track, seed);
  const source = sources[Math.floor(random() * sources.length)]!;
  const shift = (random() < 0.5 ? -1 : 1) * (1 + Math.floor(random() * MAX_BIN_SHIFT));
  const stretch = 0.8 * 1.5625 ** random();
  const hashes: number[] = [];
  const offsets: number[] = [];
  for (let i = 0; i < source.hashes.length; i++) {
    const hash = source.hashes[i]!;
    const anchor = (hash >> 14) + shift;
    const target = ((hash >> 6) & 0xff) + shift;
    const gap = Math.round((hash & 0x3f) * stretch);
    if (anchor < 1 || anchor > 255 || target < 1 || target > 255 || gap < 1 || gap > 63) continue;
    hashes.push((anchor << 14) | (target << 6) | gap);
    offsets.push(Math.round(source.offsets[i]! * stretch));
  }
  return { hashes: Uint32Array.from(hashes), offsets: Uint32Array.from(offsets) };
}

/** The catalog's track `track`: a real one (`tracks`, synthetic sources first) or a distractor made from one of the first `syntheticCount`. */
function catalogTrack(tracks: readonly TrackLandmarks[], syntheticCount: number, seed: number): (track: number) => TrackLandmarks {
  const synthetic = tracks.slice(0, syntheticCount);
  return (track) => (track < tracks.length ? tracks[track]! : distractor(track, synthetic, seed));
}

function distractorRandom(track: number, seed: number): () => number {
  return seededRandom(seed * 1_000_003 + track);
}

/** The source a distractor was made from (its first draw, as in `distractor`). */
function distractorSource(track: number, sourceCount: number, seed: number): number {
  return Math.floor(distractorRandom(track, seed)() * sourceCount);
}

/** Over the first `landmarks` landmarks of `tracks`: hashes in use, postings per hash, the fullest 1 %'s share. */
function hashStatistics(tracks: readonly TrackLandmarks[], landmarks: number): { hashesInUse: number; postingsPerHash: number; fullestPercentShare: number } {
  const counts = new Uint32Array(2 ** 22);
  let total = 0;
  for (const { hashes } of tracks) {
    for (const hash of hashes.subarray(0, landmarks - total)) counts[hash]!++;
    total += Math.min(hashes.length, landmarks - total);
    if (total >= landmarks) break;
  }
  const used = [...counts.filter((count) => count > 0)].sort((a, b) => b - a);
  const fullest = used.slice(0, Math.max(1, Math.round(used.length / 100))).reduce((sum, count) => sum + count, 0);
  return { hashesInUse: used.length, postingsPerHash: Number((total / used.length).toFixed(1)), fullestPercentShare: Number((fullest / total).toFixed(3)) };
}

function score(clips: readonly Clip[], matches: readonly (FingerprintMatch | null)[], trackOfSource: (source: number) => string) {
  let correct = 0;
  let rightTrack = 0;
  let inCatalog = 0;
  const falseMatches = { synthetic: 0, real: 0, recorded: 0, 'same-tempo': 0 };
  const outside = { synthetic: 0, real: 0, recorded: 0, 'same-tempo': 0 };
  let wrongTrack = 0;
  const real = { composition: { clips: 0, correct: 0, rightTrack: 0 }, recording: { clips: 0, correct: 0, rightTrack: 0 } };
  for (const [i, clip] of clips.entries()) {
    const match = matches[i];
    if (clip.source === null) {
      outside[clip.outside!]++;
      if (match) falseMatches[clip.outside!]++;
      continue;
    }
    const namesTrack = match?.trackId === trackOfSource(clip.source);
    const found = namesTrack && Math.abs(match!.offsetSeconds - clip.startSeconds) < 0.5;
    if (!found && match) wrongTrack++;
    if (clip.realSource) {
      real[clip.realSource].clips++;
      if (found) real[clip.realSource].correct++;
      if (namesTrack) real[clip.realSource].rightTrack++;
    }
    // Top-1 is the bench's own clips' (and real compositions' when asked for); recordings have a column of their own.
    if (clip.realSource === 'recording') continue;
    inCatalog++;
    if (namesTrack) rightTrack++;
    if (found) correct++;
  }
  const outsideCounted = outside.synthetic + outside.real + outside.recorded;
  return {
    top1: correct / Math.max(1, inCatalog),
    top1Track: rightTrack / Math.max(1, inCatalog),
    falseMatches: (falseMatches.synthetic + falseMatches.real + falseMatches.recorded) / Math.max(1, outsideCounted),
    falseSynthetic: falseMatches.synthetic / Math.max(1, outside.synthetic),
    falseReal: falseMatches.real / Math.max(1, outside.real),
    falseRecorded: falseMatches.recorded / Math.max(1, outside.recorded),
    sameTempoMatched: falseMatches['same-tempo'] / Math.max(1, outside['same-tempo']),
    wrongTrack,
    top1Real: real.composition.correct / Math.max(1, real.composition.clips),
    realClips: real.composition.clips,
    top1Recorded: real.recording.correct / Math.max(1, real.recording.clips),
    top1RecordedTrack: real.recording.rightTrack / Math.max(1, real.recording.clips),
    recordedClips: real.recording.clips,
  };
}

async function packedFigures(
  name: string,
  identify: (query: readonly Landmark[]) => Promise<FingerprintMatch | null>,
  trackCount: number,
  bytes: number,
  postings: number,
  buildSeconds: number,
  clips: readonly Clip[],
): Promise<Figures & { matches: (FingerprintMatch | null)[] }> {
  const times: number[] = [];
  const matches: (FingerprintMatch | null)[] = [];
  for (const clip of clips) {
    const started = performance.now();
    matches.push(await identify(clip.query));
    times.push(performance.now() - started);
  }
  return {
    index: name,
    tracks: trackCount,
    postings,
    bytes,
    buildSecondsPerTrack: buildSeconds / trackCount,
    ...score(clips, matches, String),
    queryP50Ms: percentile(times, 50),
    queryP95Ms: percentile(times, 95),
    ...p95ByRecording(clips, times),
    matches,
  };
}

/** A per-clip figure split into the real recordings' clips (in and out of the catalog) and all the others. */
function splitByRecording(clips: readonly Clip[], values: readonly number[]): { recordings: number[]; others: number[] } {
  const isRecording = (clip: Clip) => clip.realSource === 'recording' || clip.outside === 'recorded';
  return { recordings: values.filter((_, i) => isRecording(clips[i]!)), others: values.filter((_, i) => !isRecording(clips[i]!)) };
}

function p95ByRecording(clips: readonly Clip[], times: readonly number[]): Pick<Figures, 'queryP95RecordingsMs' | 'queryP95OthersMs'> {
  const { recordings, others } = splitByRecording(clips, times);
  return { queryP95RecordingsMs: recordings.length > 0 ? percentile(recordings, 95) : undefined, queryP95OthersMs: percentile(others, 95) };
}

/** The postings each clip reads (each counted once per time the clip holds its hash). */
async function hitsPerClip(packed: PackedPostings, clips: readonly Clip[]): Promise<number[]> {
  const hits: number[] = [];
  for (const clip of clips) {
    const lists = await packed.postings([...new Set(clip.query.map((landmark) => landmark.hash))]);
    hits.push(clip.query.reduce((sum, { hash }) => sum + (lists.get(hash)?.tracks.length ?? 0), 0));
  }
  return hits;
}

/**
 * Why each in-catalog clip was missed, from the three tracks of the whole catalog that line up best with it: its own
 * track's aligned landmarks and where, and the strongest other track, with the source it is or was made from and that
 * source's tempo difference to the clip's. The synthesizer plays one kick and pattern at a given tempo, so a source
 * at nearly the same tempo shares the clip's drum part sample for sample.
 */
async function explainMisses(
  clips: readonly Clip[],
  matches: readonly (FingerprintMatch | null)[],
  packed: PackedPostings,
  sources: readonly TrackLandmarks[],
  syntheticCount: number,
  seed: number,
): Promise<string[]> {
  const tempoOf = (source: number) => (source < syntheticCount ? trackSignalBpm(seed * 100_000 + source) : undefined);
  const lines: string[] = [];
  for (const [i, clip] of clips.entries()) {
    const match = matches[i];
    if (clip.source === null || (match?.trackId === String(clip.source) && Math.abs(match.offsetSeconds - clip.startSeconds) < 0.5)) continue;
    const ranked = await rankTracks(packed, clip.query, 3);
    const own = ranked.find((entry) => entry.track === clip.source) ?? (await rankTracks(PackedPostings.build(1, () => sources[clip.source!]!), clip.query, 1))[0];
    const other = ranked.find((entry) => entry.track !== clip.source);
    const otherSource = other && (other.track < sources.length ? other.track : distractorSource(other.track, syntheticCount, seed));
    const kind = other && (other.track < sources.length ? `source ${other.track}` : `distractor ${other.track} of source ${otherSource}`);
    const ownAt = own ? `${own.aligned} on ${alignedAnchorBins(clip.query, sources[clip.source]!, own.difference)} bins at ${(own.difference * FINGERPRINT_FRAME_SECONDS).toFixed(2)} s` : '0';
    lines.push(
      `| ${i} | ${clip.source} | ${match ? `track ${match.trackId} at ${match.offsetSeconds} s` : 'none'} | ${ownAt} (clip at ${clip.startSeconds} s) | ${other ? `${other.aligned}, ${kind}` : '0'} | ${tempoDifference(otherSource === undefined ? undefined : tempoOf(otherSource), tempoOf(clip.source))} |`,
    );
  }
  return lines;
}

/** How many distinct anchor bins the clip landmarks that line up with `track` at `difference` (give or take a frame) span. */
function alignedAnchorBins(query: readonly Landmark[], track: TrackLandmarks, difference: number): number {
  const queryOffsets = offsetsByHash(query);
  const bins = new Set<number>();
  for (let i = 0; i < track.hashes.length; i++) {
    const hash = track.hashes[i]!;
    if (queryOffsets.get(hash)?.some((offset) => Math.abs(track.offsets[i]! - offset - difference) <= 1)) bins.add(anchorBinOf(hash));
  }
  return bins.size;
}

function tempoDifference(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined ? '-' : String(Math.abs(a - b));
}

async function todayFigures(tracks: number, trackLandmarks: (track: number) => TrackLandmarks, fingerprintSecondsPerTrack: number, clips: readonly Clip[]): Promise<Figures> {
  const index = new RowIndexBaseline();
  const started = performance.now();
  for (let track = 0; track < tracks; track++) {
    const { hashes, offsets } = trackLandmarks(track);
    index.addTrack(String(track), Array.from(hashes, (hash, i) => ({ hash, offset: offsets[i]! })));
  }
  const buildSeconds = (performance.now() - started) / 1000;
  const times: number[] = [];
  const matches: (FingerprintMatch | null)[] = [];
  for (const clip of clips) {
    const queryStarted = performance.now();
    matches.push(index.identify(clip.standard));
    times.push(performance.now() - queryStarted);
  }
  return {
    index: 'row index (in memory)',
    tracks,
    postings: index.size,
    bytes: index.size * TODAY_BYTES_PER_ROW,
    buildSecondsPerTrack: buildSeconds / tracks + fingerprintSecondsPerTrack,
    ...score(clips, matches, String),
    queryP50Ms: percentile(times, 50),
    queryP95Ms: percentile(times, 95),
  };
}

function fingerprintAll(signals: readonly Float32Array[], density: LandmarkDensity): { tracks: TrackLandmarks[]; secondsPerTrack: number } {
  const started = performance.now();
  const tracks = signals.map((signal) => landmarksAsArrays(fingerprint(signal, undefined, density)));
  return { tracks, secondsPerTrack: (performance.now() - started) / 1000 / signals.length };
}

function formatBytes(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(2)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const sizes = numberListArg(argv, '--sizes', '1000,10000,100000');
  const sourceCount = Number(argValue(argv, '--sources') ?? 150);
  const clipCount = Number(argValue(argv, '--clips') ?? 200);
  const todayUpTo = Number(argValue(argv, '--today-up-to') ?? 1000);
  const seed = Number(argValue(argv, '--seed') ?? 14);
  const postgres = argv.includes('--postgres');
  // Every synthetic track with a kick of its own, so tracks at one tempo no longer share their drum part exactly.
  const ownKick = argv.includes('--own-kick');
  // One render of every other real tune joins the catalog (3 clips of each are searched); the other tunes stay outside.
  const realInCatalog = argv.includes('--real-in-catalog');
  const packTracks = Number(argValue(argv, '--pack-tracks') ?? 0);
  // With --postgres: this many more tracks indexed into the largest catalog's packed table, then one pack, timed.
  const packInto = Number(argValue(argv, '--pack-into-largest') ?? 0);
  const dir = mkdtempSync(join(tmpdir(), 'bench-fingerprint-'));
  const log = (line: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

  try {
    log(`${sourceCount} source tracks of ${TRACK_SECONDS} s: synthesis and fingerprints…`);
    const signals = Array.from({ length: sourceCount }, (_, i) => trackSignal(seed * 100_000 + i, TRACK_SECONDS, ownKick));
    const realMusic = (await buildRealMusicCorpus(REAL_MUSIC_CACHE)).filter((entry) => entry.seconds >= CLIP_SECONDS + 2);
    const tunes = [...new Set(realMusic.map((entry) => entry.title))];
    const catalogTune = (entry: RealMusicEntry) => realInCatalog && tunes.indexOf(entry.title) % 2 === 0;
    // The first render of each catalog tune: its other renders (same notes, other instruments) would be near copies.
    const realSources = realMusic.filter((entry, i) => catalogTune(entry) && realMusic.findIndex((other) => other.title === entry.title) === i);
    const decoded = new Map<string, Float32Array>();
    const decode = async (path: string) => decoded.set(path, (await decodeAudio(path, { sampleRate: FINGERPRINT_SAMPLE_RATE, channels: 1 })).channels[0]!);
    for (const entry of realMusic) await decode(entry.path);
    for (const entry of realSources) signals.push(decoded.get(entry.path)!);
    // Real recordings: the first file of every other piece joins the catalog (3 clips of each are searched); the
    // pieces left out give one outside clip per file.
    log('real recordings…');
    const recordings: RealRecording[] = [];
    for (const recording of listRealRecordings()) {
      await decode(recording.path);
      if (decoded.get(recording.path)!.length >= MIN_RECORDING_SECONDS * FINGERPRINT_SAMPLE_RATE) recordings.push(recording);
      else decoded.delete(recording.path);
    }
    const works = [...new Set(recordings.map((recording) => recording.work))];
    const catalogWork = (work: string) => works.indexOf(work) % 2 === 0;
    const recordedSources = recordings.filter((recording, i) => catalogWork(recording.work) && recordings.findIndex((other) => other.work === recording.work) === i);
    for (const recording of recordedSources) signals.push(decoded.get(recording.path)!);
    const catalog = fingerprintAll(signals, CATALOG_DENSITY);
    const standard = fingerprintAll(signals, STANDARD_DENSITY);

    log(`${clipCount} clips from catalog tracks, ${clipCount} from music not in it…`);
    const random = seededRandom(seed);
    const clips: Clip[] = [];
    const addClip = async (signal: Float32Array, startSeconds: number, place: Pick<Clip, 'source' | 'outside' | 'realSource'>) => {
      const clip = await degradedClipSignal(signal, startSeconds, CLIP_SECONDS, 30_000 + clips.length, dir);
      clips.push({ ...place, startSeconds, query: fingerprint(clip, undefined, QUERY_DENSITY), standard: fingerprint(clip, undefined, STANDARD_DENSITY) });
    };
    for (let i = 0; i < clipCount; i++) {
      const source = Math.floor(random() * sourceCount);
      await addClip(signals[source]!, Math.round(random() * (TRACK_SECONDS - CLIP_SECONDS) * 100) / 100, { source });
    }
    for (const [k, entry] of realSources.entries()) {
      for (let n = 0; n < REAL_CLIPS_PER_SOURCE; n++) {
        await addClip(signals[sourceCount + k]!, Math.round(random() * (entry.seconds - CLIP_SECONDS) * 100) / 100, { source: sourceCount + k, realSource: 'composition' });
      }
    }
    for (const k of recordedSources.keys()) {
      const source = sourceCount + realSources.length + k;
      const seconds = signals[source]!.length / FINGERPRINT_SAMPLE_RATE;
      for (let n = 0; n < REAL_CLIPS_PER_SOURCE; n++) {
        await addClip(signals[source]!, Math.round(random() * (seconds - CLIP_SECONDS) * 100) / 100, { source, realSource: 'recording' });
      }
    }
    // The synthesizer plays one drum kit and pattern at a given tempo, so two of its tracks at one tempo share their
    // drum hits exactly: a duplicate rather than other music. Out-of-catalog synthetic clips take the tempos no
    // catalog track has.
    const catalogTempos = new Set(Array.from({ length: sourceCount }, (_, i) => trackSignalBpm(seed * 100_000 + i)));
    const outsideSynthetic = clips.length + Math.ceil(clipCount / 2);
    for (let candidate = 50_000; clips.length < outsideSynthetic; candidate++) {
      const trackSeed = seed * 100_000 + candidate;
      if (!catalogTempos.has(trackSignalBpm(trackSeed))) await addClip(trackSignal(trackSeed, CLIP_SECONDS + 2, ownKick), 1, { source: null, outside: 'synthetic' });
    }
    const sameTempo = clips.length + Math.ceil(clipCount / 2);
    for (let candidate = 70_000; clips.length < sameTempo; candidate++) {
      const trackSeed = seed * 100_000 + candidate;
      if (catalogTempos.has(trackSignalBpm(trackSeed))) await addClip(trackSignal(trackSeed, CLIP_SECONDS + 2, ownKick), 1, { source: null, outside: 'same-tempo' });
    }
    for (const entry of realMusic.filter((entry) => !catalogTune(entry)).slice(0, Math.floor(clipCount / 2))) {
      await addClip(decoded.get(entry.path)!, Math.max(0, (entry.seconds - CLIP_SECONDS) / 2), { source: null, outside: 'real' });
    }
    for (const recording of recordings.filter((recording) => !catalogWork(recording.work))) {
      const signal = decoded.get(recording.path)!;
      await addClip(signal, Math.round((signal.length / FINGERPRINT_SAMPLE_RATE - CLIP_SECONDS) * 50) / 100, { source: null, outside: 'recorded' });
    }
    const realTracks = realMusic.map((entry) => landmarksAsArrays(fingerprint(decoded.get(entry.path)!, undefined, CATALOG_DENSITY)));
    const recordedTracks = recordings.map((recording) => landmarksAsArrays(fingerprint(decoded.get(recording.path)!, undefined, CATALOG_DENSITY)));
    decoded.clear();
    const catalogTrackOf = catalogTrack(catalog.tracks, sourceCount, seed);

    const figures: Figures[] = [];
    let largest: { packed: PackedPostings; matches: (FingerprintMatch | null)[] } | undefined;
    const packs: IngestPackFigures[] = [];
    for (const tracks of sizes) {
      log(`${tracks} tracks: packed index…`);
      const started = performance.now();
      const packed = PackedPostings.build(tracks, catalogTrackOf);
      const buildSeconds = (performance.now() - started) / 1000 + catalog.secondsPerTrack * tracks;
      const inMemory = await packedFigures('packed (memory)', (query) => identifyInPostings(packed, query, everyTrackNumber), packed.trackCount, packed.bytes, packed.size, buildSeconds, clips);
      figures.push(inMemory);
      largest = { packed, matches: inMemory.matches };
      if (postgres) {
        log(`${tracks} tracks: packed index in PostgreSQL…`);
        figures.push(
          await withPostgresPostings(packed, async (index, bytes, loadSeconds, pool) => {
            const inPostgres = await packedFigures('packed (PostgreSQL)', (query) => index.identify(query), packed.trackCount, bytes, packed.size, buildSeconds + loadSeconds, clips);
            if (packInto > 0 && tracks === sizes.at(-1)) {
              log(`${packInto} more tracks through the product's write path into the ${tracks}-track table (addTrack, then one pack)…`);
              packs.push(await indexAndPack(pool, tracks, packInto, catalogTrackOf));
            }
            return inPostgres;
          }),
        );
      }
      if (tracks <= todayUpTo) {
        log(`${tracks} tracks: the row index…`);
        figures.push(await todayFigures(tracks, catalogTrack(standard.tracks, sourceCount, seed), standard.secondsPerTrack, clips));
      }
    }

    if (packTracks > 0) {
      log(`${packTracks} tracks through the product's write path (addTrack, then one pack)…`);
      packs.push(await measureIndexAndPack(packTracks, catalogTrackOf));
    }

    const hits = largest && splitByRecording(clips, await hitsPerClip(largest.packed, clips));
    log('misses explained…');
    const misses = largest ? await explainMisses(clips, largest.matches, largest.packed, catalog.tracks, sourceCount, seed) : [];
    log('hash statistics…');
    // Compared on the same number of landmarks: the smallest set's (the real compositions' shorter files) sets the count.
    const landmarkCount = (tracks: readonly TrackLandmarks[]) => tracks.reduce((sum, track) => sum + track.hashes.length, 0);
    const budget = Math.min(landmarkCount(realTracks), recordedTracks.length > 0 ? landmarkCount(recordedTracks) : Infinity);
    const distractors = Array.from({ length: sourceCount }, (_, i) => catalogTrackOf(catalog.tracks.length + i));
    const statistics = {
      ...(recordedTracks.length > 0 ? { [`real recordings (${recordedTracks.length} files)`]: hashStatistics(recordedTracks, budget) } : {}),
      [`real compositions (${realTracks.length} renders)`]: hashStatistics(realTracks, budget),
      'synthetic sources': hashStatistics(catalog.tracks.slice(0, sourceCount), budget),
      distractors: hashStatistics(distractors, budget),
    };

    const realTracksNote = [
      realSources.length ? `${realSources.length} real compositions` : '',
      recordedSources.length ? `${recordedSources.length} real recordings` : '',
    ].filter(Boolean).join(' and ');
    const outsideCount = clips.filter((c) => c.outside !== undefined && c.outside !== 'same-tempo').length;
    console.log(`\n${new Date().toISOString().slice(0, 10)}; ${ownKick ? 'a kick of its own in every synthetic track; ' : ''}${sourceCount} source tracks of ${TRACK_SECONDS} s${realTracksNote ? ` and ${realTracksNote} (${REAL_CLIPS_PER_SOURCE} clips of each)` : ''}, ${clipCount} clips in the catalog and ${outsideCount} out of it (synthetic / real compositions / real recordings), ${clips.filter((c) => c.outside === 'same-tempo').length} same-tempo drum copies apart, ${CLIP_SECONDS} s each`);
    console.log(`landmarks per second: catalog ${(catalog.tracks.slice(0, sourceCount).reduce((s, t) => s + t.hashes.length, 0) / sourceCount / TRACK_SECONDS).toFixed(1)}, clip ${(clips.reduce((s, c) => s + c.query.length, 0) / clips.length / CLIP_SECONDS).toFixed(1)}; row index ${(standard.tracks.slice(0, sourceCount).reduce((s, t) => s + t.hashes.length, 0) / sourceCount / TRACK_SECONDS).toFixed(1)} for both`);
    const realColumn = realSources.length > 0;
    const recordedColumn = recordedSources.length > 0;
    console.log(`| index | tracks | postings | size | index s/track | top-1 | top-1 track, any place |${realColumn ? ' top-1, real compositions |' : ''}${recordedColumn ? ' top-1, real recordings |' : ''} false matches (synthetic / real compositions / real recordings) | same-tempo drum copies matched | wrong track or place | query p50 ms | query p95 ms |`);
    console.log(`|---|---:|---:|---:|---:|---:|---:|${realColumn ? '---:|' : ''}${recordedColumn ? '---:|' : ''}---:|---:|---:|---:|---:|`);
    for (const f of figures) {
      const real = realColumn ? ` ${(100 * f.top1Real).toFixed(1)} % of ${f.realClips} |` : '';
      const recorded = recordedColumn ? ` ${(100 * f.top1Recorded).toFixed(1)} % (any place ${(100 * f.top1RecordedTrack).toFixed(1)} %) of ${f.recordedClips} |` : '';
      console.log(
        `| ${f.index} | ${f.tracks.toLocaleString('en')} | ${f.postings.toLocaleString('en')} | ${formatBytes(f.bytes)} | ${f.buildSecondsPerTrack.toFixed(4)} | ${(100 * f.top1).toFixed(1)} % | ${(100 * f.top1Track).toFixed(1)} % |${real}${recorded} ${(100 * f.falseMatches).toFixed(1)} % (${(100 * f.falseSynthetic).toFixed(1)} / ${(100 * f.falseReal).toFixed(1)} / ${(100 * f.falseRecorded).toFixed(1)}) | ${(100 * f.sameTempoMatched).toFixed(1)} % | ${f.wrongTrack} | ${f.queryP50Ms.toFixed(1)} | ${f.queryP95Ms.toFixed(1)} |`,
      );
    }
    console.log("(the row index's size: its rows × 118 bytes, what it took in PostgreSQL; in memory it is smaller)");
    if (hits && hits.recordings.length > 0) {
      const p50p95 = (values: number[]) => `${percentile(values, 50).toLocaleString('en')} / ${percentile(values, 95).toLocaleString('en')}`;
      console.log(`postings a clip reads at ${sizes.at(-1)!.toLocaleString('en')} tracks, p50 / p95: real recordings' clips ${p50p95(hits.recordings)}, the other clips ${p50p95(hits.others)}`);
    }
    for (const f of figures) {
      if (f.queryP95RecordingsMs !== undefined) console.log(`query p95, ${f.index} at ${f.tracks.toLocaleString('en')}: real recordings' clips ${f.queryP95RecordingsMs.toFixed(1)} ms, the other clips ${f.queryP95OthersMs!.toFixed(1)} ms`);
    }
    for (const pack of packs) {
      console.log(
        `\nthe write path, ${pack.tracks.toLocaleString('en')} tracks (${pack.landmarks.toLocaleString('en')} landmarks) into ${pack.packedBefore > 0 ? `a table of ${pack.packedBefore.toLocaleString('en')} packed tracks` : 'an empty table'}: addTrack ${(1000 * pack.indexSecondsPerTrack).toFixed(1)} ms a track, pending rows ${formatBytes(pack.pendingBytes)}; ` +
          `one pack ${pack.packSeconds.toFixed(1)} s (${(pack.packSeconds / (pack.landmarks / 1e6)).toFixed(1)} s per million pending rows), packed rows ${formatBytes(pack.packedBytes)}`,
      );
    }
    console.log(`\nin-catalog clips missed at ${sizes.at(-1)!.toLocaleString('en')} tracks (packed, memory): ${misses.length}`);
    console.log('| clip | its track | answer | own track: aligned landmarks, anchor bins, at | strongest other track: aligned | its source\'s tempo difference, BPM |');
    console.log('|---|---:|---|---|---:|---:|');
    for (const line of misses) console.log(line);
    console.log('\nhash statistics at catalog density (per track set of the same size):');
    console.log(`(the first ${budget.toLocaleString('en')} landmarks of each)`);
    console.log('| tracks | hashes in use | postings per hash | share of postings in the fullest 1 % of hashes |');
    console.log('|---|---:|---:|---:|');
    for (const [name, s] of Object.entries(statistics)) console.log(`| ${name} | ${s.hashesInUse} | ${s.postingsPerHash} | ${(100 * s.fullestPercentShare).toFixed(1)} % |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
