import { assertReadableFile } from './decode';
import { AudioInputError } from './errors';
import { runProcess } from './process';

export interface AudioProbe {
  /** ffprobe's container name, e.g. "wav", "mp3", "flac", "mov,mp4,m4a,3gp,3g2,mj2". */
  format: string;
  /** Codec of the first audio stream. */
  codec: string;
  durationSeconds: number;
  bytes: number;
}

const PROBE_TIMEOUT_MS = 30_000;
/** ffprobe prints two small JSON sections for these entries; more is a misbehaving input. */
const MAX_PROBE_STDOUT_BYTES = 64 * 1024;

interface ProbeJson {
  format?: { format_name?: string; duration?: string };
  streams?: { codec_type?: string; codec_name?: string; duration?: string }[];
}

/**
 * What a file is, from its header, without decoding it: its container, its first audio stream's codec and its
 * duration. A file ffprobe cannot read, or one with no audio stream (a text file, an image, a video without
 * sound), is NOT_AUDIO; one whose duration cannot be told is DECODE_FAILED.
 */
export async function probeAudio(path: string): Promise<AudioProbe> {
  const bytes = await assertReadableFile(path);
  const result = await runProcess(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'format=format_name,duration:stream=codec_type,codec_name,duration', '-of', 'json', path],
    { timeoutMs: PROBE_TIMEOUT_MS, maxStdoutBytes: MAX_PROBE_STDOUT_BYTES },
  );
  if (result.exitCode !== 0) throw new AudioInputError('NOT_AUDIO', 'the file is not audio ffprobe can read');
  let parsed: ProbeJson;
  try {
    parsed = JSON.parse(result.stdout.toString('utf8')) as ProbeJson;
  } catch {
    throw new AudioInputError('DECODE_FAILED', 'ffprobe printed something other than JSON');
  }
  const audio = parsed.streams?.find((stream) => stream.codec_type === 'audio');
  if (!audio) throw new AudioInputError('NOT_AUDIO', 'the file has no audio stream');
  const durationSeconds = Number.parseFloat(parsed.format?.duration ?? audio.duration ?? '');
  if (!Number.isFinite(durationSeconds) || durationSeconds <= 0) throw new AudioInputError('DECODE_FAILED', 'the duration of the audio cannot be read');
  return { format: parsed.format?.format_name ?? 'unknown', codec: audio.codec_name ?? 'unknown', durationSeconds, bytes };
}
