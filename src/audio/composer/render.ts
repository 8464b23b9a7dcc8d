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
 * fluidsynth starts SDL's audio subsystem whatever it renders to; after probing ALSA and PulseAudio, SDL leaves a
 * thread that sleeps in 100 ms steps, and at exit fluidsynth waits for it: up to 100 ms of nothing per render, about a
 * 5 s piece's own render time. With SDL's dummy driver there is no such thread, and rendering to a file does not go
 * through SDL, so the bytes are the same.
 */
const RENDER_ENV = { SDL_AUDIODRIVER: 'dummy' };

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
  await runTool(command, args, { timeoutMs: options.timeoutMs, env: RENDER_ENV });
  // fluidsynth exits 0 even when it could not load the soundfont or the MIDI; the file tells.
  const written = await stat(wavPath).catch(() => undefined);
  if (!written || written.size <= 44) {
    throw new AudioToolError(command, 'failed', `produced no audio for ${midiPath} with soundfont ${soundfontPath}`);
  }
}
