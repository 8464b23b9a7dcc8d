import { writeFile } from 'node:fs/promises';

/** 16-bit PCM WAV bytes of float channels (clipped to [-1, 1]); used for test and benchmark material. */
export function encodeWav16(channels: readonly Float32Array[], sampleRate: number): Buffer {
  const frames = channels[0]?.length ?? 0;
  const blockAlign = channels.length * 2;
  const dataBytes = frames * blockAlign;
  const wav = Buffer.alloc(44 + dataBytes);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + dataBytes, 4);
  wav.write('WAVE', 8, 'ascii');
  wav.write('fmt ', 12, 'ascii');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(channels.length, 22);
  wav.writeUInt32LE(sampleRate, 24);
  wav.writeUInt32LE(sampleRate * blockAlign, 28);
  wav.writeUInt16LE(blockAlign, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(dataBytes, 40);
  for (let frame = 0, byte = 44; frame < frames; frame++) {
    for (const channel of channels) {
      wav.writeInt16LE(Math.round(Math.max(-1, Math.min(1, channel[frame]!)) * 32767), byte);
      byte += 2;
    }
  }
  return wav;
}

export function writeWav16(path: string, channels: readonly Float32Array[], sampleRate: number): Promise<void> {
  return writeFile(path, encodeWav16(channels, sampleRate));
}
