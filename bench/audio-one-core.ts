import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';
import { analyzeAudio } from '../src/audio/dsp/analyze';
import { closeDspWorker } from '../src/audio/dsp/dsp-pool';
import { buildAnalysisCorpus, type CorpusEntry } from './audio-corpus';
import { cpuSeconds } from './audio-metrics';

/**
 * The speed target read literally: 60 s of audio analysed in at most 0.6 s on one core.
 * A child process pinned to core 0 (taskset) analyses one-minute files in each format, so ffmpeg,
 * the worker thread and the main thread all share that core.
 */
export interface OneCoreFigures {
  files: number;
  repeats: number;
  /** Median over repeats, then the slowest file: the figure the target is held to. */
  worstFileWallSeconds: number;
  medianFileWallSeconds: number;
  cpuSecondsPerMinute: number;
  perFile: { file: string; medianWallSeconds: number }[];
}

const REPEATS = 5;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function measureInThisProcess(paths: string[]): Promise<OneCoreFigures> {
  const perFile: number[] = [];
  let cpu = 0;
  for (const path of paths) {
    await analyzeAudio(path); // warm: worker thread started, file in the page cache
    const walls: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const cpuStart = cpuSeconds();
      const started = performance.now();
      await analyzeAudio(path);
      walls.push((performance.now() - started) / 1000);
      cpu += cpuSeconds() - cpuStart;
    }
    perFile.push(median(walls));
  }
  await closeDspWorker();
  return {
    files: paths.length,
    repeats: REPEATS,
    worstFileWallSeconds: Math.max(...perFile),
    medianFileWallSeconds: median(perFile),
    cpuSecondsPerMinute: cpu / (paths.length * REPEATS),
    perFile: paths.map((path, i) => ({ file: basename(path), medianWallSeconds: perFile[i]! })),
  };
}

/** Builds one-minute files (synthetic and composed, WAV/MP3/OGG) and measures them on one core. */
export async function benchOneCore(dir: string): Promise<OneCoreFigures> {
  const corpus: CorpusEntry[] = await buildAnalysisCorpus(dir, { synthetic: 3, composed: 3, seconds: 60, seed: 7 });
  const child = spawnSync('taskset', ['-c', '0', process.execPath, '--import', 'tsx', __filename, ...corpus.map((entry) => entry.path)], {
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`one-core speed run failed: ${child.stderr || child.error?.message}`);
  return JSON.parse(child.stdout) as OneCoreFigures;
}

if (require.main === module) {
  measureInThisProcess(process.argv.slice(2))
    .then((figures) => process.stdout.write(`${JSON.stringify(figures)}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    });
}
