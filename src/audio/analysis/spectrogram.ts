import FFT from 'fft.js';

/** Magnitude short-time Fourier transform, frames stored row after row. */
export interface Spectrogram {
  sampleRate: number;
  fftSize: number;
  hop: number;
  frameCount: number;
  /** fftSize / 2 + 1 */
  binCount: number;
  magnitudes: Float32Array;
}

const hannWindows = new Map<number, Float64Array>();

function hann(size: number): Float64Array {
  let window = hannWindows.get(size);
  if (!window) {
    window = new Float64Array(size);
    for (let i = 0; i < size; i++) window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size);
    hannWindows.set(size, window);
  }
  return window;
}

export function spectrogramFrameCount(sampleCount: number, fftSize: number, hop: number): number {
  return sampleCount < fftSize ? 0 : Math.floor((sampleCount - fftSize) / hop) + 1;
}

/**
 * Calls `visit` with the Hann-windowed magnitude spectrum of each frame (frame i covers samples
 * [i * hop, i * hop + fftSize)); the array is reused, so memory stays one frame whatever the length.
 * fft.js does the transform.
 */
export function forEachMagnitudeFrame(
  signal: Float32Array,
  fftSize: number,
  hop: number,
  visit: (frame: number, magnitudes: Float32Array) => void,
): void {
  const fft = new FFT(fftSize);
  const window = hann(fftSize);
  const binCount = fftSize / 2 + 1;
  const frameCount = spectrogramFrameCount(signal.length, fftSize, hop);
  const input = new Float64Array(fftSize);
  const output = new Float64Array(2 * fftSize);
  const magnitudes = new Float32Array(binCount);
  for (let frame = 0; frame < frameCount; frame++) {
    const start = frame * hop;
    for (let i = 0; i < fftSize; i++) input[i] = signal[start + i]! * window[i]!;
    fft.realTransform(output, input);
    for (let bin = 0; bin < binCount; bin++) {
      const re = output[2 * bin]!;
      const im = output[2 * bin + 1]!;
      magnitudes[bin] = Math.sqrt(re * re + im * im);
    }
    visit(frame, magnitudes);
  }
}

/** The whole magnitude spectrogram in memory, for short signals (fingerprints of clips and tracks). */
export function magnitudeSpectrogram(signal: Float32Array, sampleRate: number, fftSize: number, hop: number): Spectrogram {
  const binCount = fftSize / 2 + 1;
  const frameCount = spectrogramFrameCount(signal.length, fftSize, hop);
  const magnitudes = new Float32Array(frameCount * binCount);
  forEachMagnitudeFrame(signal, fftSize, hop, (frame, frameMagnitudes) => magnitudes.set(frameMagnitudes, frame * binCount));
  return { sampleRate, fftSize, hop, frameCount, binCount, magnitudes };
}

/** Time of a frame's centre, in seconds. */
export function frameTime(spectrogram: Pick<Spectrogram, 'sampleRate' | 'fftSize' | 'hop'>, frame: number): number {
  return (frame * spectrogram.hop + spectrogram.fftSize / 2) / spectrogram.sampleRate;
}
