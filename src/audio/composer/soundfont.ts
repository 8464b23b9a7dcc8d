import { access } from 'node:fs/promises';
import { AudioToolError } from '../io/tool-errors';

export type SoundfontPreference = 'quality' | 'small';

export interface SoundfontChoice {
  path: string;
  /** 'FluidR3_GM', 'TimGM6mb' or 'custom' for an explicit path. */
  name: string;
}

/**
 * Where Debian puts its General MIDI soundfonts. FluidR3 (fluid-soundfont-gm, 145 MB) sounds
 * far better; TimGM6mb (timgm6mb-soundfont, 6 MB) is small enough for every image and test.
 */
const FLUID_R3 = ['/usr/share/sounds/sf2/FluidR3_GM.sf2', '/usr/share/soundfonts/FluidR3_GM.sf2'];
const TIM_GM6MB = ['/usr/share/sounds/sf2/TimGM6mb.sf2', '/usr/share/soundfonts/TimGM6mb.sf2'];

async function firstExisting(paths: readonly string[]): Promise<string | undefined> {
  for (const path of paths) {
    try {
      await access(path);
      return path;
    } catch {
      // Not installed at this path; try the next one.
    }
  }
  return undefined;
}

/**
 * Picks the soundfont to render with. An explicit path (from configuration) wins and must exist;
 * otherwise FluidR3 when installed and quality is wanted, else TimGM6mb.
 */
export async function resolveSoundfont(options: { overridePath?: string; prefer?: SoundfontPreference } = {}): Promise<SoundfontChoice> {
  if (options.overridePath) {
    if (!(await firstExisting([options.overridePath]))) {
      throw new AudioToolError('fluidsynth', 'missing', `soundfont not found at ${options.overridePath}`);
    }
    return { path: options.overridePath, name: 'custom' };
  }
  const prefer = options.prefer ?? 'quality';
  const fluid = prefer === 'quality' ? await firstExisting(FLUID_R3) : undefined;
  if (fluid) return { path: fluid, name: 'FluidR3_GM' };
  const tim = await firstExisting(TIM_GM6MB);
  if (tim) return { path: tim, name: 'TimGM6mb' };
  throw new AudioToolError(
    'fluidsynth',
    'missing',
    'no General MIDI soundfont found; install timgm6mb-soundfont or fluid-soundfont-gm, or configure a soundfont path',
  );
}
