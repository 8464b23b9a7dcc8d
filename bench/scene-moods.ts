/**
 * Scene-mood bench: today's local analyzer (VADER + delivery cues, kept in bench/scene-moods as the baseline)
 * against the Empath-based one, on the hand-labelled transcript segments of bench/scene-moods/segments.txt,
 * in one run. Labels and their rule: bench/scene-moods/README.md.
 *
 *   npm run bench:scenes [-- --split dev|heldout|all] [--misses]
 */
import { loadavg } from 'node:os';
import { argValue } from './cli-args';
import { VaderBaselineSceneAnalyzer } from './scene-moods/baseline-vader-analyzer';
import { BAND_CENTRE, bandOf, type LabelledClip, labelledAverageEnergy, labelledDominantMood, loadClips, type Split } from './scene-moods/dataset';
import { LocalSceneAnalyzer } from '../src/providers/local-scene-analyzer';
import { SCENE_MOODS, type SceneAnalysis, type SceneMood } from '../src/providers/scene-analyzer';

interface Analyzer {
  label: string;
  analyzeSync(segments: Parameters<LocalSceneAnalyzer['analyzeSync']>[0]): SceneAnalysis;
}

interface Figures {
  segments: number;
  moodHits: number;
  bandHits: number;
  energyError: number;
  clips: number;
  clipMoodHits: number;
  clipEnergyError: number;
  confusion: Map<SceneMood, Map<SceneMood, number>>;
  wallMs: number;
  cpuMs: number;
  misses: string[];
}

const ANALYZERS: Analyzer[] = [
  { label: 'today (VADER)', analyzeSync: (segments) => new VaderBaselineSceneAnalyzer().analyzeSync(segments) },
  { label: 'new (Empath+cues)', analyzeSync: (segments) => new LocalSceneAnalyzer().analyzeSync(segments) },
];

function measure(analyzer: Analyzer, clips: readonly LabelledClip[]): Figures {
  const figures: Figures = { segments: 0, moodHits: 0, bandHits: 0, energyError: 0, clips: 0, clipMoodHits: 0, clipEnergyError: 0, confusion: new Map(), wallMs: 0, cpuMs: 0, misses: [] };
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  for (const clip of clips) {
    for (const segment of clip.segments) {
      const analysis = analyzer.analyzeSync([segment]);
      figures.segments += 1;
      if (analysis.dominantMood === segment.mood) figures.moodHits += 1;
      else figures.misses.push(`${clip.id}: ${segment.mood} → ${analysis.dominantMood}: ${segment.text}`);
      if (bandOf(analysis.averageEnergy) === segment.band) figures.bandHits += 1;
      figures.energyError += Math.abs(analysis.averageEnergy - BAND_CENTRE[segment.band]);
      const row = figures.confusion.get(segment.mood) ?? new Map<SceneMood, number>();
      row.set(analysis.dominantMood, (row.get(analysis.dominantMood) ?? 0) + 1);
      figures.confusion.set(segment.mood, row);
    }
    const whole = analyzer.analyzeSync(clip.segments);
    figures.clips += 1;
    if (whole.dominantMood === labelledDominantMood(clip)) figures.clipMoodHits += 1;
    figures.clipEnergyError += Math.abs(whole.averageEnergy - labelledAverageEnergy(clip));
  }
  figures.wallMs = performance.now() - wallBefore;
  const cpu = process.cpuUsage(cpuBefore);
  figures.cpuMs = (cpu.user + cpu.system) / 1000;
  return figures;
}

const percent = (hits: number, total: number) => `${((100 * hits) / Math.max(1, total)).toFixed(1)} %`;

function printTable(title: string, results: readonly [Analyzer, Figures][]): void {
  console.log(`\n## ${title}`);
  const rows: [string, (f: Figures) => string][] = [
    ['segments / clips', (f) => `${f.segments} / ${f.clips}`],
    ['segment mood accuracy', (f) => `${percent(f.moodHits, f.segments)} (${f.moodHits}/${f.segments})`],
    ['clip dominant-mood accuracy', (f) => `${percent(f.clipMoodHits, f.clips)} (${f.clipMoodHits}/${f.clips})`],
    ['segment energy band accuracy', (f) => percent(f.bandHits, f.segments)],
    ['segment energy error (mean |Δ|)', (f) => (f.energyError / f.segments).toFixed(1)],
    ['clip energy error (mean |Δ|)', (f) => (f.clipEnergyError / f.clips).toFixed(1)],
    ['time per analysis, wall / CPU', (f) => `${((1000 * f.wallMs) / (f.segments + f.clips)).toFixed(0)} µs / ${((1000 * f.cpuMs) / (f.segments + f.clips)).toFixed(0)} µs`],
  ];
  console.log(`| measure | ${results.map(([analyzer]) => analyzer.label).join(' | ')} |`);
  console.log(`|---|${results.map(() => '---').join('|')}|`);
  for (const [name, show] of rows) console.log(`| ${name} | ${results.map(([, figures]) => show(figures)).join(' | ')} |`);
}

function printConfusion(analyzer: Analyzer, figures: Figures): void {
  console.log(`\n### Segment confusion, ${analyzer.label} (rows: label, columns: answer)`);
  console.log(`| label | ${SCENE_MOODS.join(' | ')} | recall |`);
  console.log(`|---|${SCENE_MOODS.map(() => '---').join('|')}|---|`);
  for (const mood of SCENE_MOODS) {
    const row = figures.confusion.get(mood) ?? new Map<SceneMood, number>();
    const total = [...row.values()].reduce((sum, n) => sum + n, 0);
    console.log(`| ${mood} | ${SCENE_MOODS.map((answer) => row.get(answer) ?? 0).join(' | ')} | ${percent(row.get(mood) ?? 0, total)} |`);
  }
}

function main(): void {
  const split = (argValue(process.argv, '--split') ?? 'all') as Split | 'all';
  const clips = loadClips();
  const splits: (Split | 'all')[] = split === 'all' ? ['dev', 'heldout', 'all'] : [split];
  const [load1, load5] = loadavg();
  console.log(`# Scene moods: ${clips.reduce((n, clip) => n + clip.segments.length, 0)} labelled segments in ${clips.length} clips; load average ${load1?.toFixed(2)} / ${load5?.toFixed(2)} (1 / 5 min)`);
  // One untimed pass so module loading and JIT warm-up are not charged to whichever analyzer runs first.
  for (const analyzer of ANALYZERS) measure(analyzer, clips.slice(0, 3));
  for (const part of splits) {
    const chosen = part === 'all' ? clips : clips.filter((clip) => clip.split === part);
    const results = ANALYZERS.map((analyzer) => [analyzer, measure(analyzer, chosen)] as [Analyzer, Figures]);
    printTable(part === 'all' ? 'all clips' : `${part} clips`, results);
    if (part === splits.at(-1)) {
      for (const [analyzer, figures] of results) printConfusion(analyzer, figures);
      if (process.argv.includes('--misses')) for (const [analyzer, figures] of results) console.log(`\n### Misses, ${analyzer.label}\n${figures.misses.join('\n')}`);
    }
  }
  const story = [
    { start: 0, end: 5, text: 'The storm hit the harbour at midnight and the fishing boat began to sink.' },
    { start: 5.2, end: 10, text: 'The crew were terrified, screaming for help as the waves crashed over the deck.' },
    { start: 10.2, end: 15, text: 'Rescuers fought through the wind and pulled every last sailor from the water.' },
  ];
  console.log('\n## The issue\'s storm-and-rescue story');
  for (const analyzer of ANALYZERS) console.log(`- ${analyzer.label}: ${analyzer.analyzeSync(story).summary}`);
}

main();
