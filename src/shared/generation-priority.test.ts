import { FAIRNESS_KEY_MAX_LENGTH, generationFairnessKey, generationTaskPriority } from './generation-priority';

describe('generationTaskPriority', () => {
  it('keys every task by its customer', () => {
    expect(generationTaskPriority('acme', 'queued', false).fairnessKey).toBe('acme');
    expect(generationTaskPriority('globex', 'uploading', true).fairnessKey).toBe('globex');
  });

  it('keeps a job at the default level until one of its long activities is done, then puts it ahead', () => {
    const waiting = ['queued', 'analyzing', 'extracting', 'identifying', 'generating'].map((step) => generationTaskPriority('acme', step, false).priorityKey);
    expect(new Set(waiting)).toEqual(new Set([3]));
    const underway = ['analyzing', 'extracting', 'identifying', 'generating', 'uploading'].map((step) => generationTaskPriority('acme', step, true).priorityKey);
    expect(new Set(underway)).toEqual(new Set([2]));
  });

  it('lets a job record how it ended or parked before anything else', () => {
    for (const step of ['completed', 'failed', 'needs_attention']) {
      expect(generationTaskPriority('acme', step, true).priorityKey).toBe(1);
      expect(generationTaskPriority('acme', step, false).priorityKey).toBe(1);
    }
  });
});

describe('generationFairnessKey', () => {
  it('keeps an id that fits, up to the 64-byte limit', () => {
    const longest = 'c'.repeat(FAIRNESS_KEY_MAX_LENGTH);
    expect(generationFairnessKey(longest)).toBe(longest);
  });

  it('shortens a longer id to the limit, stably and distinctly', () => {
    const first = `tenant-${'x'.repeat(100)}-1`;
    const second = `tenant-${'x'.repeat(100)}-2`;
    const key = generationFairnessKey(first);
    expect(key).toHaveLength(FAIRNESS_KEY_MAX_LENGTH);
    expect(key.startsWith('tenant-xxx')).toBe(true);
    expect(generationFairnessKey(first)).toBe(key);
    expect(generationFairnessKey(second)).not.toBe(key);
  });

  it('refuses an empty id, naming the field', () => {
    expect(() => generationFairnessKey('')).toThrow(/customerId/);
  });
});
