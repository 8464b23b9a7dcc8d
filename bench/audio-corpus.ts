import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { keyName, type MusicalKey } from '../src/music/keys';
import { composeMusic } from '../src/audio/composer/composer';
import { MOODS } from '../src/music/vocabulary';
import { synthesizeTrack } from '../src/audio/analysis/synthetic-track';
import { writeWav16 } from '../src/audio/io/wav-writer';
import { seededRandom } from '../src/planner/random';

/** A labelled file of the analysis corpus. */
export interface CorpusEntry {
  path: string;
  bpm: number;
  key: string;
  format: 'wav' | 'mp3' | 'ogg';
  noisy: boolean;
  source: 'synthetic' | 'composer' | 'real';
  seconds: number;
}

const FORMATS = ['wav', 'mp3', 'ogg'] as const;
const SYNTH_RATE = 22050;

/** WAV → MP3 / OGG through ffmpeg; the WAV is kept when the format is WAV. */
export function encodeAs(wavPath: string, format: CorpusEntry['format'], bitrate = '160k'): string {
  if (format === 'wav') return wavPath;
  const out = wavPath.replace(/\.wav$/, `.${format}`);
  const codec = format === 'mp3' ? ['-c:a', 'libmp3lame', '-b:a', bitrate] : ['-c:a', 'libvorbis', '-q:a', '4'];
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', wavPath, ...codec, out]);
  return out;
}

/**
 * Synthetic tracks over all 24 keys, tempi spread evenly over 60-180 BPM in a seeded order,
 * cycling WAV/MP3/OGG, every third with white noise at 12 dB SNR; plus one composer render per
 * mood when the composer (fluidsynth) is available. Files are reused when they already exist.
 */
/** The synthetic corpus of `npm run bench:audio` (and of bench:key-cv, which scores the same files). */
export const BENCH_AUDIO_CORPUS = { synthetic: 36, composed: 8, seconds: 30, seed: 4 };

export async function buildAnalysisCorpus(dir: string, options: { synthetic: number; composed: number; seconds: number; seed: number }): Promise<CorpusEntry[]> {
  mkdirSync(dir, { recursive: true });
  const random = seededRandom(options.seed);
  const entries: CorpusEntry[] = [];
  for (let i = 0; i < options.synthetic; i++) {
    const key: MusicalKey = { tonic: i % 12, mode: Math.floor(i / 12) % 2 === 0 ? 'major' : 'minor' };
    const bpm = Math.round((60 + (120 * ((i * 7) % options.synthetic)) / Math.max(1, options.synthetic - 1)) * 10) / 10;
    const noisy = i % 3 === 2;
    const format = FORMATS[i % 3]!;
    const seed = Math.floor(random() * 2 ** 31);
    const wav = join(dir, `synthetic-${i}.wav`);
    const target = wav.replace(/\.wav$/, `.${format}`);
    if (!existsSync(target)) {
      const signal = synthesizeTrack({ bpm, key, seconds: options.seconds, sampleRate: SYNTH_RATE, seed, gain: 0.3 + 0.6 * random(), ...(noisy ? { noiseSnrDb: 12 } : {}) });
      await writeWav16(wav, [signal, signal], SYNTH_RATE);
      encodeAs(wav, format);
    }
    entries.push({ path: target, bpm, key: keyName(key), format, noisy, source: 'synthetic', seconds: options.seconds });
  }
  for (let i = 0; i < options.composed; i++) {
    const mood = MOODS[i % MOODS.length]!;
    const bpm = 70 + ((i * 37) % 100);
    const key: MusicalKey = { tonic: (i * 5) % 12, mode: i % 2 === 0 ? 'minor' : 'major' };
    const format = FORMATS[i % 3]!;
    const wav = join(dir, `composed-${i}.wav`);
    const target = wav.replace(/\.wav$/, `.${format}`);
    if (!existsSync(target)) {
      await composeMusic({ mood, bpm, key: keyName(key), durationSeconds: options.seconds, seed: options.seed + i }, wav, { soundfontPreference: 'small' });
      encodeAs(wav, format);
    }
    entries.push({ path: target, bpm, key: keyName(key), format, noisy: false, source: 'composer', seconds: options.seconds });
  }
  return entries;
}
