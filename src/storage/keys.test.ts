import { assertSafeId, generationKeys, generationScratchKey, usageReportKey } from './keys';

describe('storage keys', () => {
  it('puts a generation under its customer and job, deterministically', () => {
    expect(generationKeys('acme', '6f1c2b1e-3a55-4e8b-9d6a-2f0b9c1d7e11')).toEqual({
      master: 'customers/acme/generations/6f1c2b1e-3a55-4e8b-9d6a-2f0b9c1d7e11/master.wav',
      preview: 'customers/acme/generations/6f1c2b1e-3a55-4e8b-9d6a-2f0b9c1d7e11/preview.mp3',
      metadata: 'customers/acme/generations/6f1c2b1e-3a55-4e8b-9d6a-2f0b9c1d7e11/metadata.json',
    });
    expect(generationScratchKey('job-1', 'clip.wav')).toBe('tmp/generations/job-1/clip.wav');
  });

  it.each(['../other', 'a/b', 'with space', '', '.hidden', 'x'.repeat(129)])('refuses the unsafe id %j with a typed failure', (id) => {
    expect(() => assertSafeId('customerId', id)).toThrow(expect.objectContaining({ type: 'InvalidInput', nonRetryable: true }));
  });

  it('names a usage report after its period', () => {
    expect(usageReportKey(new Date('2026-11-21T00:00:00Z'), new Date('2026-11-22T00:00:00Z'))).toBe('reports/usage/2026-11-21T000000Z_2026-11-22T000000Z.csv');
  });
});
