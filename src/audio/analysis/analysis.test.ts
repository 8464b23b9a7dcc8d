import { ANALYSIS_SAMPLE_RATE, analyzeSignal } from './analysis';
import { synthesizeTrack } from './synthetic-track';

const loudness = { integratedLufs: -14, truePeakDb: -1, loudnessRangeLu: 4 };

function analyse(bpm: number, tonic: number, mode: 'major' | 'minor', seed: number) {
  const signal = synthesizeTrack({ bpm, key: { tonic, mode }, seconds: 40, sampleRate: ANALYSIS_SAMPLE_RATE, seed });
  return analyzeSignal(signal, ANALYSIS_SAMPLE_RATE, loudness);
}

describe('analyzeSignal on synthetic tracks of known tempo and key', () => {
  it.each([
    [124, 9, 'minor', 'A minor', '8A'],
    [100, 2, 'major', 'D major', '10B'],
    [140, 7, 'major', 'G major', '9B'],
  ] as const)('%d BPM, tonic %d %s', (bpm, tonic, mode, keyName, camelot) => {
    const analysis = analyse(bpm, tonic, mode, bpm);
    expect(Math.abs(analysis.bpm / bpm - 1)).toBeLessThan(0.02);
    expect(analysis.key).toBe(keyName);
    expect(analysis.camelot).toBe(camelot);
    expect(analysis.keyConfidence).toBeGreaterThan(0);
  });

  it('lays a beat grid at the tempo with a downbeat every four beats', () => {
    const analysis = analyse(120, 2, 'major', 5);
    const intervals = analysis.beats.slice(1).map((beat, i) => beat - analysis.beats[i]!);
    const median = [...intervals].sort((a, b) => a - b)[Math.floor(intervals.length / 2)]!;
    expect(median).toBeCloseTo(0.5, 1);
    expect(analysis.downbeats[0]).toBe(analysis.firstDownbeat);
    expect(analysis.downbeats[1]! - analysis.downbeats[0]!).toBeCloseTo(2, 1);
    // Chords change on bar lines at t = 0, 2, 4 ... so downbeats fall on even seconds.
    for (const downbeat of analysis.downbeats) expect(Math.abs(downbeat - Math.round(downbeat / 2) * 2)).toBeLessThan(0.1);
  });

  it('finds 8-bar phrase boundaries on the bar grid', () => {
    const analysis = analyse(128, 4, 'minor', 11);
    expect(analysis.phraseBoundaries.length).toBeGreaterThanOrEqual(2);
    for (const boundary of analysis.phraseBoundaries) expect(analysis.downbeats).toContain(boundary.timeSeconds);
    const [first, second] = analysis.phraseBoundaries;
    expect(second!.bar - first!.bar).toBe(8);
    expect(first!.bars).toBe(32);
  });

  it('scores a loud fast track as more energetic than a quiet slow one', () => {
    const signal = (bpm: number) => synthesizeTrack({ bpm, key: { tonic: 0, mode: 'major' }, seconds: 20, sampleRate: ANALYSIS_SAMPLE_RATE, seed: 3 });
    const calm = analyzeSignal(signal(70), ANALYSIS_SAMPLE_RATE, { ...loudness, integratedLufs: -24 });
    const driving = analyzeSignal(signal(150), ANALYSIS_SAMPLE_RATE, { ...loudness, integratedLufs: -8 });
    expect(driving.energy).toBeGreaterThan(calm.energy);
    for (const energy of [calm.energy, driving.energy]) {
      expect(energy).toBeGreaterThanOrEqual(1);
      expect(energy).toBeLessThanOrEqual(10);
    }
  });
});
