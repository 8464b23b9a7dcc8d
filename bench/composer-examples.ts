/**
 * Listen-check material (issue 4): three pieces in different moods, each as the master WAV (at
 * the product's master loudness, as a customer receives it), a
 * 30 s MP3 preview starting at the first chorus, and the composer's summary as JSON, written to
 * bench/out/examples/ (git-ignored; regenerate rather than commit audio).
 *   npm run examples:compose [-- --soundfont small|quality]
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { composeMusic } from '../src/audio/composer/composer';
import type { ComposeRequest } from '../src/audio/composer/composer-request';
import { encodePreview } from '../src/audio/io/encode';
import { masterWav } from '../src/audio/io/master';
import type { SoundfontPreference } from '../src/audio/composer/soundfont';

const EXAMPLES: readonly { name: string; request: ComposeRequest }[] = [
  {
    name: 'calm-lounge',
    request: { mood: 'calm', bpm: 80, key: 'D major', instruments: ['electric piano', 'pad', 'bass', 'drums'], durationSeconds: 60, seed: 11 },
  },
  {
    name: 'energetic-drive',
    request: { mood: 'energetic', bpm: 128, key: 'A minor', instruments: ['synth', 'synth bass', 'drums', 'pad'], durationSeconds: 45, seed: 22 },
  },
  {
    name: 'epic-trailer',
    request: { mood: 'epic', bpm: 100, key: 'D minor', instruments: ['strings', 'brass', 'choir', 'bass', 'drums'], durationSeconds: 60, seed: 33 },
  },
];

async function main(): Promise<void> {
  const index = process.argv.indexOf('--soundfont');
  const soundfontPreference = (index >= 0 ? process.argv[index + 1] : 'quality') as SoundfontPreference;
  const outDir = join(__dirname, 'out', 'examples');
  await mkdir(outDir, { recursive: true });

  for (const { name, request } of EXAMPLES) {
    const renderPath = join(outDir, `${name}-render.wav`);
    const wavPath = join(outDir, `${name}.wav`);
    const previewPath = join(outDir, `${name}-preview.mp3`);
    const summary = await composeMusic(request, renderPath, { soundfontPreference, midiOutputPath: join(outDir, `${name}.mid`) });
    const mastered = await masterWav(renderPath, wavPath, summary.durationSeconds, { fadeOutSeconds: 0 });
    await rm(renderPath);
    const chorus = summary.sections.find((section) => section.name === 'chorus');
    await encodePreview(wavPath, previewPath, { startSeconds: chorus?.startSeconds ?? 0 });
    await writeFile(join(outDir, `${name}.json`), `${JSON.stringify(summary, null, 2)}\n`);
    console.log(`${summary.title} — ${summary.mood}, ${summary.bpm} BPM, ${summary.key} (${summary.camelot}), ${summary.durationSeconds} s, ${summary.soundfont}, ${mastered.loudness.integratedLufs.toFixed(1)} LUFS (gain ${mastered.gainDb} dB)`);
    console.log(`  ${wavPath}\n  ${previewPath}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
