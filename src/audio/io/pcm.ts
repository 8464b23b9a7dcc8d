/** Decoded audio as separate channels of 32-bit float samples in [-1, 1], like the Web Audio API. */
export interface Pcm {
  sampleRate: number;
  channels: Float32Array[];
}

export function pcmDurationSeconds(pcm: Pcm): number {
  return (pcm.channels[0]?.length ?? 0) / pcm.sampleRate;
}

/** Average of the channels: analysis works on one signal. */
export function mixToMono(pcm: Pcm): Float32Array {
  const [first, ...rest] = pcm.channels;
  if (!first) return new Float32Array(0);
  if (rest.length === 0) return first;
  const mono = Float32Array.from(first);
  for (const channel of rest) for (let i = 0; i < mono.length; i++) mono[i]! += channel[i]!;
  const scale = 1 / pcm.channels.length;
  for (let i = 0; i < mono.length; i++) mono[i]! *= scale;
  return mono;
}

const littleEndian = new Uint8Array(new Float32Array([1]).buffer)[3] === 0x3f;

/** Splits little-endian interleaved f32 bytes (ffmpeg's `-f f32le`) into channels. */
export function deinterleaveF32le(bytes: Buffer, channelCount: number): Float32Array[] {
  const frames = Math.floor(bytes.length / (4 * channelCount));
  if (littleEndian && channelCount === 1) {
    // One copy into a fresh, aligned buffer is all a mono stream needs.
    const mono = new Float32Array(frames);
    new Uint8Array(mono.buffer).set(bytes.subarray(0, frames * 4));
    return [mono];
  }
  const channels = Array.from({ length: channelCount }, () => new Float32Array(frames));
  for (let frame = 0, byte = 0; frame < frames; frame++) {
    for (let c = 0; c < channelCount; c++, byte += 4) channels[c]![frame] = bytes.readFloatLE(byte);
  }
  return channels;
}

/** The reverse of deinterleaveF32le, to feed PCM to ffmpeg's stdin. */
export function interleaveF32le(channels: readonly Float32Array[]): Buffer {
  const frames = channels[0]?.length ?? 0;
  const bytes = Buffer.allocUnsafe(frames * channels.length * 4);
  for (let frame = 0, byte = 0; frame < frames; frame++) {
    for (const channel of channels) {
      bytes.writeFloatLE(channel[frame]!, byte);
      byte += 4;
    }
  }
  return bytes;
}
