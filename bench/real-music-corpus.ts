import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderMidiToWav } from '../src/audio/composer/render';
import { keyName, parseKeyName } from '../src/music/keys';
import type { CorpusEntry } from './audio-corpus';

/**
 * The real-music corpus: tunes nobody here composed (ABC transcriptions shipped by Debian's
 * abcmidi and abcm2ps packages, listed with their labels in real-music-labels.json), each rendered
 * by abc2midi + fluidsynth in three versions — two soundfonts, three instruments, one of the three
 * transposed (the label moves with them), so the keys spread beyond the tunes' own G, D and
 * A minor. Files are cached in `dir` and reused.
 */
interface TuneLabel {
  file: string;
  x: string;
  title: string;
  key: string;
  keySource: string;
}

export interface RealMusicEntry extends CorpusEntry {
  title: string;
  labelSource: string;
  soundfont: string;
  program: number;
  transpose: number;
}

const SOUNDFONTS = {
  TimGM6mb: '/usr/share/sounds/sf2/TimGM6mb.sf2',
  FluidR3_GM: '/usr/share/sounds/sf2/FluidR3_GM.sf2',
  MuseScore_General: '/usr/share/sounds/sf3/MuseScore_General.sf3',
} as const;

/**
 * Soundfont, General MIDI program (piano, strings, nylon guitar, church organ) and transposition
 * per version; `id` names the cached files. Versions of every tune: the first `VERSIONS_PER_TUNE`
 * (MuseScore's .sf3 decompresses its samples at every load, so it comes last: slowest to render).
 */
const VERSIONS: { id: string; soundfont: keyof typeof SOUNDFONTS; program: number; transpose: (tune: number) => number }[] = [
  { id: 'v0', soundfont: 'TimGM6mb', program: 0, transpose: () => 0 },
  { id: 'v1', soundfont: 'FluidR3_GM', program: 48, transpose: (tune) => ((tune * 5) % 11) - 5 },
  { id: 'v3', soundfont: 'FluidR3_GM', program: 19, transpose: () => 0 },
  { id: 'v2', soundfont: 'MuseScore_General', program: 24, transpose: (tune) => ((tune * 7 + 3) % 11) - 5 },
];
export const VERSIONS_PER_TUNE = 3;
const DEFAULT_BPM = 100;
const MAX_SECONDS = 60;
const FORMATS = ['wav', 'mp3', 'ogg'] as const;

export function loadTuneLabels(): TuneLabel[] {
  return (JSON.parse(readFileSync(join(__dirname, 'real-music-labels.json'), 'utf8')) as { tunes: TuneLabel[] }).tunes;
}

/** The lines of tune X:`x` in an ABC file (from its X: line to the next blank line). */
export function extractTune(abc: string, x: string): string[] {
  const lines = abc.split(/\r?\n/);
  const start = lines.findIndex((line) => new RegExp(`^X:\\s*${x}\\s*$`).test(line));
  if (start < 0) throw new Error(`no tune X:${x}`);
  const end = lines.findIndex((line, i) => i > start && line.trim() === '');
  return lines.slice(start, end < 0 ? undefined : end);
}

/** Beats per minute of a tune's first Q: field (a/b=n), counted in quarters or, in compound meters, dotted quarters. */
export function tuneTempo(lines: readonly string[]): number | undefined {
  const meter = /^M:\s*(\d+)\/(\d+)/.exec(lines.find((line) => line.startsWith('M:')) ?? '');
  const compound = meter !== null && Number(meter[1]) % 3 === 0 && Number(meter[1]) > 3 && meter[2] === '8';
  const q = /^Q:\s*(\d+)\/(\d+)\s*=\s*(?:ca\.\s*)?(\d+)/.exec(lines.find((line) => line.startsWith('Q:')) ?? '');
  if (!q) return undefined;
  const wholeNotesPerMinute = (Number(q[1]) / Number(q[2])) * Number(q[3]);
  return Math.round((wholeNotesPerMinute / (compound ? 3 / 8 : 1 / 4)) * 100) / 100;
}

/** The tune with the bench's render settings in its header: tempo (when it gives none), instrument, transposition. */
function prepareTune(lines: readonly string[], program: number, transpose: number, bpm: number, scoreTempo: boolean): string {
  const keyLine = lines.findIndex((line) => line.startsWith('K:'));
  const header = lines.slice(0, keyLine).filter((line) => scoreTempo || !line.startsWith('Q:'));
  const meter = /^M:\s*(\d+)\/(\d+)/.exec(lines.find((line) => line.startsWith('M:')) ?? '');
  const compound = meter !== null && Number(meter[1]) % 3 === 0 && Number(meter[1]) > 3 && meter[2] === '8';
  return [
    ...header,
    ...(scoreTempo ? [] : [`Q:${compound ? '3/8' : '1/4'}=${bpm}`]),
    `%%MIDI program ${program}`,
    `%%MIDI transpose ${transpose}`,
    ...lines.slice(keyLine),
    '',
  ].join('\n');
}

export async function buildRealMusicCorpus(dir: string): Promise<RealMusicEntry[]> {
  mkdirSync(dir, { recursive: true });
  const entries: RealMusicEntry[] = [];
  const tunes = loadTuneLabels();
  for (const [t, tune] of tunes.entries()) {
    const lines = extractTune(readFileSync(tune.file, 'latin1'), tune.x);
    const scoreBpm = tuneTempo(lines);
    const bpm = scoreBpm ?? DEFAULT_BPM;
    const key = parseKeyName(tune.key);
    if (!key) throw new Error(`unreadable key label "${tune.key}" for ${tune.title}`);
    for (const [v, version] of VERSIONS.slice(0, VERSIONS_PER_TUNE).entries()) {
      const transpose = version.transpose(t);
      const format = FORMATS[(t + v) % FORMATS.length]!;
      const stem = join(dir, `tune-${t}-${version.id}`);
      const target = `${stem}.${format}`;
      if (!existsSync(target)) {
        writeFileSync(`${stem}.abc`, prepareTune(lines, version.program, transpose, bpm, scoreBpm !== undefined), 'latin1');
        execFileSync('abc2midi', [`${stem}.abc`, '-silent', '-o', `${stem}.mid`], { stdio: 'ignore' });
        await renderMidiToWav(`${stem}.mid`, SOUNDFONTS[version.soundfont], `${stem}.full.wav`);
        const codec = format === 'wav' ? ['-c:a', 'pcm_s16le'] : format === 'mp3' ? ['-c:a', 'libmp3lame', '-b:a', '160k'] : ['-c:a', 'libvorbis', '-q:a', '4'];
        execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', `${stem}.full.wav`, '-t', String(MAX_SECONDS), ...codec, target]);
        rmSync(`${stem}.full.wav`);
      }
      const seconds = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', target], { encoding: 'utf8' }).trim());
      entries.push({
        path: target,
        bpm,
        key: keyName({ tonic: (((key.tonic + transpose) % 12) + 12) % 12, mode: key.mode }),
        format,
        noisy: false,
        source: 'real',
        seconds,
        title: tune.title,
        labelSource: `${tune.keySource}${transpose ? ` transposed ${transpose > 0 ? '+' : ''}${transpose}` : ''}; tempo ${scoreBpm === undefined ? `${DEFAULT_BPM} (set by the bench)` : 'from Q:'}`,
        soundfont: version.soundfont,
        program: version.program,
        transpose,
      });
    }
  }
  return entries;
}
