import { stat } from 'node:fs/promises';
import { runTool } from '../io/run-tool';
import { AudioToolError } from '../io/tool-errors';

export interface RenderOptions {
  sampleRate?: number;
  /** fluidsynth master gain; 0.6 leaves headroom for a full band at GM default volumes. */
  gain?: number;
  timeoutMs?: number;
  fluidsynthCommand?: string;
}

/**
 * Renders a MIDI file to a stereo 16-bit WAV with fluidsynth in a child process (fluidsynth is
 * LGPL: run as a separate program, never linked in). `-F` renders faster than real time with no
 * audio device; `-ni` keeps it from opening a shell or MIDI input.
 */
export async function renderMidiToWav(midiPath: string, soundfontPath: string, wavPath: string, options: RenderOptions = {}): Promise<void> {
  const command = options.fluidsynthCommand ?? 'fluidsynth';
  const args = [
    '-ni',
    '-q',
    '-g', String(options.gain ?? 0.6),
    '-r', String(options.sampleRate ?? 44100),
    '-T', 'wav',
    '-O', 's16',
    '-F', wavPath,
    soundfontPath,
    midiPath,
  ];
  await runTool(command, args, { timeoutMs: options.timeoutMs });
  // fluidsynth exits 0 even when it could not load the soundfont or the MIDI; the file tells.
  const written = await stat(wavPath).catch(() => undefined);
  if (!written || written.size <= 44) {
    throw new AudioToolError(command, 'failed', `produced no audio for ${midiPath} with soundfont ${soundfontPath}`);
  }
}
