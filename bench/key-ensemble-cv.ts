/**
 * `npm run bench:key-cv`: how much of the key estimate's score on the real-music corpus comes from having chosen its
 * profile ensemble on that same corpus. Every ensemble of one to four members (five published key profiles, each on
 * the plain or the harmonic-summed pitch-class profile) is scored on both corpora of bench:audio; then the choice
 * is cross-validated leaving one tune out: for each real tune, the ensemble that scores best on the other tunes
 * (keeping the synthetic corpus at least as good as the shipped ensemble's) is scored on that tune's renders.
 * The held-out figure is what choosing an ensemble this way is worth on tunes it has not seen.
 */
import { join } from 'node:path';
import { ANALYSIS_SAMPLE_RATE } from '../src/audio/analysis/analysis';
import { chromaBetween, chromagram } from '../src/audio/analysis/chroma';
import { AARDEN_ESSEN, DIATONIC, KEY_ENSEMBLE, KRUMHANSL_KESSLER, rankKeys, type EnsembleMember, type KeyProfile } from '../src/audio/analysis/key-estimate';
import { decodeAudio } from '../src/audio/io/decode';
import { BENCH_AUDIO_CORPUS, buildAnalysisCorpus } from './audio-corpus';
import { keyOf, mirexKeyScore } from './audio-metrics';
import { buildRealMusicCorpus } from './real-music-corpus';

const OUT = join(__dirname, 'out', 'audio');

/** Temperley's profiles from the Kostka–Payne harmony textbook excerpts (2007). */
const TEMPERLEY_KOSTKA_PAYNE: KeyProfile = {
  major: [0.748, 0.06, 0.488, 0.082, 0.67, 0.46, 0.096, 0.715, 0.104, 0.366, 0.057, 0.4],
  minor: [0.712, 0.084, 0.474, 0.618, 0.049, 0.46, 0.105, 0.747, 0.404, 0.067, 0.133, 0.33],
};
/** Albrecht & Shanahan's profiles from 490 classical pieces (2013). */
const ALBRECHT_SHANAHAN: KeyProfile = {
  major: [0.238, 0.006, 0.111, 0.006, 0.137, 0.094, 0.016, 0.214, 0.009, 0.08, 0.008, 0.081],
  minor: [0.22, 0.006, 0.104, 0.123, 0.019, 0.103, 0.012, 0.214, 0.062, 0.022, 0.061, 0.052],
};
const PROFILES: Record<string, KeyProfile> = {
  diatonic: DIATONIC,
  'Krumhansl-Kessler': KRUMHANSL_KESSLER,
  Aarden: AARDEN_ESSEN,
  'Temperley-KP': TEMPERLEY_KOSTKA_PAYNE,
  'Albrecht-Shanahan': ALBRECHT_SHANAHAN,
};

interface Labelled {
  corpus: 'real' | 'synthetic';
  /** The tune a real render comes from (its three renders share it). */
  tune?: string;
  truth: NonNullable<ReturnType<typeof keyOf>>;
  chromas: { plain: Float64Array; harmonicSummed: Float64Array };
}

type Ensemble = { name: string; members: EnsembleMember[] };

function ensembles(): Ensemble[] {
  const members = Object.entries(PROFILES).flatMap(([name, profile]) =>
    (['plain', 'harmonicSummed'] as const).map((chroma) => ({ name: `${name}/${chroma === 'plain' ? 'plain' : 'HPCP'}`, member: { profile, chroma } })),
  );
  const all: Ensemble[] = [];
  const choose = (from: number, chosen: typeof members): void => {
    if (chosen.length > 0) all.push({ name: chosen.map((m) => m.name).join(' + '), members: chosen.map((m) => m.member) });
    if (chosen.length === 4) return;
    for (let i = from; i < members.length; i++) choose(i + 1, [...chosen, members[i]!]);
  };
  choose(0, []);
  return all;
}

async function labelledCorpora(): Promise<Labelled[]> {
  const real = await buildRealMusicCorpus(join(OUT, 'real'));
  const synthetic = await buildAnalysisCorpus(join(OUT, 'corpus'), BENCH_AUDIO_CORPUS);
  const labelled: Labelled[] = [];
  for (const [corpus, entries] of [['real', real], ['synthetic', synthetic]] as const) {
    for (const entry of entries) {
      const decoded = await decodeAudio(entry.path, { sampleRate: ANALYSIS_SAMPLE_RATE, channels: 1 });
      const chroma = chromagram(decoded.channels[0]!, decoded.sampleRate);
      labelled.push({
        corpus,
        tune: corpus === 'real' ? /tune-\d+/.exec(entry.path)?.[0] : undefined,
        truth: keyOf(entry.key)!,
        chromas: { plain: chromaBetween(chroma, 0, Number.POSITIVE_INFINITY), harmonicSummed: chroma.harmonicSummed },
      });
    }
  }
  return labelled;
}

const mean = (values: number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;
const pct = (value: number): string => `${(value * 100).toFixed(1)} %`;

async function main(): Promise<void> {
  process.stderr.write('decoding both corpora ...\n');
  const files = await labelledCorpora();
  const candidates = ensembles();
  const shipped: Ensemble = { name: 'shipped (key-estimate.ts)', members: [...KEY_ENSEMBLE] };
  // MIREX score of every ensemble on every file.
  const scores = new Map<Ensemble, number[]>();
  for (const ensemble of [shipped, ...candidates]) scores.set(ensemble, files.map((file) => mirexKeyScore(rankKeys(file.chromas, ensemble.members)[0]!.key, file.truth)));
  const indices = (keep: (file: Labelled) => boolean) => files.flatMap((file, i) => (keep(file) ? [i] : []));
  const real = indices((f) => f.corpus === 'real');
  const synthetic = indices((f) => f.corpus === 'synthetic');
  const on = (ensemble: Ensemble, at: number[]) => at.map((i) => scores.get(ensemble)![i]!);
  const describe = (ensemble: Ensemble) =>
    `real ${pct(on(ensemble, real).filter((s) => s === 1).length / real.length)} / ${mean(on(ensemble, real)).toFixed(3)}, synthetic ${pct(on(ensemble, synthetic).filter((s) => s === 1).length / synthetic.length)} / ${mean(on(ensemble, synthetic)).toFixed(3)}`;

  const syntheticFloor = mean(on(shipped, synthetic)) - 1e-9;
  const choose = (training: number[]): Ensemble =>
    candidates.reduce((best, e) => {
      const score = (x: Ensemble) => (mean(on(x, synthetic)) >= syntheticFloor ? mean(on(x, training)) : -1);
      return score(e) > score(best) ? e : best;
    });
  const heldOut: number[] = [];
  const tunes = [...new Set(real.map((i) => files[i]!.tune!))];
  for (const tune of tunes) {
    const chosen = choose(real.filter((i) => files[i]!.tune !== tune));
    heldOut.push(...on(chosen, real.filter((i) => files[i]!.tune === tune)));
  }
  const bestOnAll = choose(real);
  console.log(`${real.length} real renders of ${tunes.length} tunes, ${synthetic.length} synthetic files; exact / MIREX`);
  const row = (label: string, figures: string) => console.log(`${label.padEnd(36)}${figures}`);
  row('shipped ensemble', describe(shipped));
  row(`best of ${candidates.length} chosen on all tunes`, `${describe(bestOnAll)}  (${bestOnAll.name})`);
  row('chosen leaving each tune out', `real ${pct(heldOut.filter((s) => s === 1).length / heldOut.length)} / ${mean(heldOut).toFixed(3)} on the held-out tune's renders`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
