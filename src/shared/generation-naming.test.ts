import { generationTitle, seedFromJobId } from './generation-naming';

describe('seedFromJobId', () => {
  it('is stable, 32-bit and differs between ids', () => {
    const a = seedFromJobId('0b7e2d0c-9a43-4f0e-8d8e-4d1a3b2c1d00');
    expect(a).toBe(seedFromJobId('0b7e2d0c-9a43-4f0e-8d8e-4d1a3b2c1d00'));
    expect(a).not.toBe(seedFromJobId('0b7e2d0c-9a43-4f0e-8d8e-4d1a3b2c1d01'));
    expect(Number.isInteger(a) && a >= 0 && a < 2 ** 32).toBe(true);
  });
});

describe('generationTitle', () => {
  it('takes the first six words of the prompt, capitalised, marking a cut', () => {
    expect(generationTitle('warm lo-fi beat for a cooking video, cozy and slow', undefined)).toBe('Warm lo-fi beat for a cooking…');
    expect(generationTitle('sunrise drive', 'happy')).toBe('Sunrise drive');
  });
  it('falls back to the mood when there is no prompt', () => {
    expect(generationTitle(undefined, 'epic')).toBe('Epic background music');
    expect(generationTitle('   ', undefined)).toBe('Calm background music');
  });
});
