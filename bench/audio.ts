import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { analyzeAudio } from '../src/audio/dsp/analyze';
import { closeDspWorker } from '../src/audio/dsp/dsp-pool';
import { parseLoudnessLog } from '../src/audio/io/loudness';
import { loadConfig } from '../src/config';
import { BENCH_AUDIO_CORPUS, buildAnalysisCorpus, type CorpusEntry } from './audio-corpus';
import { buildRealMusicCorpus, loadTuneLabels } from './real-music-corpus';
import { runAubio, runBpmTools, runEssentia, runLibrosa, type BaselineResult } from './audio-baselines';
import { benchIdentification, type IdentificationFigures } from './audio-identification';
import { benchOneCore, type OneCoreFigures } from './audio-one-core';
import { cpuSeconds, keyOf, mirexKeyScore, peakRssMiB, tempoCorrect, tempoOctaveError } from './audio-metrics';

/**
 * `npm run bench:audio [-- --json] [-- --analysis-only]`: our analysis beside essentia.js, aubio, bpm-tools and
 * librosa (tempo only) on two corpora — the seeded synthetic one (regression check) and real tunes rendered from
 * their scores (real-music-corpus.ts) — then ours on one core and fingerprint identification (needs PostgreSQL).
 * `--analysis-only` stops after the two analysis tables: no one-core run, no identification, no database.
 * `--identification-only` runs the identification step alone.
 * Audio is generated under bench/out/ (gitignored).
 */
const OUT = join(__dirname, 'out', 'audio');
const SETTINGS = {
  corpus: BENCH_AUDIO_CORPUS,
  identification: { catalogTracks: 200, trackSeconds: 60, clipsInCatalog: 100, clipsOutOfCatalog: 100, clipSeconds: 10, seed: 4 },
};

interface ToolFigures {
  tool: string;
  files: number;
  tempoAccuracy: number;
  octaveErrors: number;
  /** Within 2% of the label or of a related metrical level (half, double, thirds...). */
  tempoAnyLevel: number;
  keyExact?: number;
  keyMirex?: number;
  secondsPerMinute: number;
  cpuSecondsPerMinute?: number;
  peakMiB?: number;
  lufsMaxError?: number;
}

function ebur128Reference(path: string): number {
  const result = spawnSync('ffmpeg', ['-hide_banner', '-nostats', '-i', path, '-af', 'ebur128=peak=true', '-f', 'null', '-'], { encoding: 'utf8' });
  return parseLoudnessLog(result.stderr)!.integratedLufs;
}

function summarise(tool: string, corpus: CorpusEntry[], results: BaselineResult[], extra: Partial<ToolFigures> = {}): ToolFigures {
  const minutes = corpus.reduce((sum, entry) => sum + entry.seconds, 0) / 60;
  const withKey = results.some((r) => r.key !== undefined);
  const cpu = results.map((r) => r.cpuSeconds);
  const peaks = results.map((r) => r.peakMiB).filter((v): v is number => v !== undefined);
  return {
    tool,
    files: corpus.length,
    tempoAccuracy: results.filter((r, i) => r.bpm !== undefined && tempoCorrect(r.bpm, corpus[i]!.bpm)).length / corpus.length,
    octaveErrors: results.filter((r, i) => r.bpm !== undefined && tempoOctaveError(r.bpm, corpus[i]!.bpm)).length,
    tempoAnyLevel: results.filter((r, i) => r.bpm !== undefined && (tempoCorrect(r.bpm, corpus[i]!.bpm) || tempoOctaveError(r.bpm, corpus[i]!.bpm))).length / corpus.length,
    ...(withKey
      ? {
          keyExact: results.filter((r, i) => mirexKeyScore(keyOf(r.key), keyOf(corpus[i]!.key)!) === 1).length / corpus.length,
          keyMirex: results.reduce((sum, r, i) => sum + mirexKeyScore(keyOf(r.key), keyOf(corpus[i]!.key)!), 0) / corpus.length,
        }
      : {}),
    secondsPerMinute: results.reduce((sum, r) => sum + r.seconds, 0) / minutes,
    ...(cpu.every((v): v is number => v !== undefined) ? { cpuSecondsPerMinute: cpu.reduce((sum, v) => sum + v, 0) / minutes } : {}),
    ...(peaks.length > 0 ? { peakMiB: Math.max(...peaks) } : {}),
    ...extra,
  };
}

async function runOurs(corpus: CorpusEntry[]): Promise<{ figures: ToolFigures; results: BaselineResult[] }> {
  const results: BaselineResult[] = [];
  let lufsMaxError = 0;
  for (const entry of corpus) {
    const started = performance.now();
    const analysis = await analyzeAudio(entry.path);
    results.push({ bpm: analysis.bpm, key: analysis.key, seconds: (performance.now() - started) / 1000 });
    lufsMaxError = Math.max(lufsMaxError, Math.abs(analysis.loudnessLufs - ebur128Reference(entry.path)));
  }
  const minutes = corpus.reduce((sum, entry) => sum + entry.seconds, 0) / 60;
  // The reference ebur128 runs above are child processes too, so CPU time is measured in a second, clean pass.
  const cpuStart = cpuSeconds();
  for (const entry of corpus) await analyzeAudio(entry.path);
  const cpu = cpuSeconds() - cpuStart;
  return { figures: summarise('ours', corpus, results, { cpuSecondsPerMinute: cpu / minutes, peakMiB: peakRssMiB(), lufsMaxError }), results };
}

function formatTable(rows: ToolFigures[]): string {
  const pct = (v?: number) => (v === undefined ? '-' : `${(v * 100).toFixed(1)}%`);
  const num = (v?: number, digits = 2) => (v === undefined ? '-' : v.toFixed(digits));
  const lines = ['tool        files  tempo±2%  octave  any level  key exact  key MIREX  s/min wall  CPU s/min  peak MiB  LUFS max err'];
  for (const r of rows) {
    lines.push(
      [r.tool.padEnd(10), String(r.files).padStart(5), pct(r.tempoAccuracy).padStart(9), String(r.octaveErrors).padStart(7), pct(r.tempoAnyLevel).padStart(10), pct(r.keyExact).padStart(10), num(r.keyMirex, 3).padStart(10), num(r.secondsPerMinute, 3).padStart(11), num(r.cpuSecondsPerMinute, 3).padStart(10), String(r.peakMiB ?? '-').padStart(9), num(r.lufsMaxError, 2).padStart(13)].join(' '),
    );
  }
  return lines.join('\n');
}

function formatOneCore(figures: OneCoreFigures): string {
  return [
    `ours on one core (taskset), ${figures.files} one-minute files (WAV/MP3/OGG), median of ${figures.repeats} runs each:`,
    `  slowest file ${figures.worstFileWallSeconds.toFixed(3)} s, median file ${figures.medianFileWallSeconds.toFixed(3)} s, CPU ${figures.cpuSecondsPerMinute.toFixed(3)} s per minute (target: 60 s of audio in <= 0.6 s)`,
  ].join('\n');
}

function formatIdentification(figures: IdentificationFigures): string {
  const lines = [
    `catalog landmarks per second of audio: ${figures.landmarksPerSecond}; fingerprinting: ${figures.fingerprintSecondsPerMinute.toFixed(3)} s per minute`,
    'index        index s/track  top-1    false matches  wrong-track  query p50 ms  query p95 ms  postings   bytes/posting',
  ];
  for (const f of figures.indexes) {
    lines.push(
      [f.name.padEnd(12), f.indexSecondsPerTrack.toFixed(3).padStart(13), `${(f.top1Accuracy * 100).toFixed(1)}%`.padStart(7), `${(f.falseMatchRate * 100).toFixed(1)}%`.padStart(14), String(f.wrongTrackMatches).padStart(12), f.queryP50Ms.toFixed(1).padStart(13), f.queryP95Ms.toFixed(1).padStart(13), String(f.postings).padStart(10), String(f.bytesPerPosting ?? '-').padStart(14)].join(' '),
    );
  }
  lines.push('(catalog sizes of 1,000 to 100,000 tracks: npm run bench:fingerprint)');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const analysisOnly = process.argv.includes('--analysis-only');
  const identificationOnly = process.argv.includes('--identification-only');
  const log = (message: string) => {
    if (!json) process.stderr.write(`${message}\n`);
  };
  if (identificationOnly) {
    log('identification ...');
    const identification = await benchIdentification(join(OUT, 'identification'), { ...SETTINGS.identification, databaseUrl: loadConfig().databaseUrl });
    if (json) process.stdout.write(`${JSON.stringify({ date: new Date().toISOString(), loadAverage: loadavg(), settings: SETTINGS.identification, identification })}\n`);
    else process.stdout.write(`load average ${loadavg().map((v) => v.toFixed(2)).join(' ')}\n\n${formatIdentification(identification)}\n`);
    return;
  }
  log('building corpora ...');
  const corpora = {
    synthetic: await buildAnalysisCorpus(join(OUT, 'corpus'), SETTINGS.corpus),
    real: await buildRealMusicCorpus(join(OUT, 'real')),
  };
  const analysis: Record<keyof typeof corpora, ToolFigures[]> = { synthetic: [], real: [] };
  const perFile: Record<string, unknown[]> = {};
  for (const [name, corpus] of Object.entries(corpora) as [keyof typeof corpora, CorpusEntry[]][]) {
    log(`${name}: analysing ${corpus.length} files: ours ...`);
    const ours = await runOurs(corpus);
    await closeDspWorker();
    log(`${name}: aubio ...`);
    const aubio = summarise('aubio', corpus, corpus.map((entry) => runAubio(entry.path)));
    log(`${name}: bpm-tools ...`);
    const bpmTools = summarise('bpm-tools', corpus, corpus.map((entry) => runBpmTools(entry.path)));
    log(`${name}: essentia.js ...`);
    const rssBeforeEssentia = peakRssMiB();
    const essentiaResults: BaselineResult[] = [];
    for (const entry of corpus) essentiaResults.push(await runEssentia(entry.path));
    const essentia = summarise('essentia', corpus, essentiaResults, { peakMiB: Math.max(0, peakRssMiB() - rssBeforeEssentia) || undefined });
    log(`${name}: librosa ...`);
    const librosaResults = runLibrosa(corpus.map((entry) => entry.path));
    const librosa = summarise('librosa', corpus, librosaResults);
    analysis[name] = [ours.figures, essentia, aubio, bpmTools, librosa];
    perFile[name] = corpus.map((entry, i) => ({ ...entry, ours: ours.results[i], essentia: essentiaResults[i], librosa: librosaResults[i] }));
  }
  let oneCore: OneCoreFigures | undefined;
  let identification: IdentificationFigures | undefined;
  if (!analysisOnly) {
    log('ours on one core ...');
    oneCore = await benchOneCore(join(OUT, 'one-core'));
    log('identification ...');
    identification = await benchIdentification(join(OUT, 'identification'), { ...SETTINGS.identification, databaseUrl: loadConfig().databaseUrl });
  }

  const report = { date: new Date().toISOString(), loadAverage: loadavg(), settings: SETTINGS, analysis, oneCore, identification, perFile };
  if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else {
    const tables = [
      `synthetic corpus (seeded, ${corpora.synthetic.length} files):\n${formatTable(analysis.synthetic)}`,
      `real-music corpus (${loadTuneLabels().length} real tunes x ${corpora.real.length / loadTuneLabels().length} renders, labels from the scores):\n${formatTable(analysis.real)}`,
    ];
    const rest = [...(oneCore ? [formatOneCore(oneCore)] : []), ...(identification ? [formatIdentification(identification)] : [])];
    process.stdout.write(`load average ${loadavg().map((v) => v.toFixed(2)).join(' ')}\n\n${[...tables, ...rest].join('\n\n')}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
