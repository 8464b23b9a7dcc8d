import { FAIRNESS_KEY_MAX_LENGTH, generationFairnessKey, generationTaskPriority, type PrioritizedStep } from './generation-priority';

describe('generationTaskPriority', () => {
  it('keys every task by its customer', () => {
    expect(generationTaskPriority('acme', 'queued').fairnessKey).toBe('acme');
    expect(generationTaskPriority('globex', 'uploading').fairnessKey).toBe('globex');
  });

  it('puts a job further along ahead of one that has just started, within the server default levels 1-5', () => {
    const pathOfAJob: PrioritizedStep[] = ['queued', 'analyzing', 'extracting', 'identifying', 'generating', 'uploading', 'completed'];
    const keys = pathOfAJob.map((step) => generationTaskPriority('acme', step).priorityKey);
    for (let index = 1; index < keys.length; index++) expect(keys[index]).toBeLessThanOrEqual(keys[index - 1]!);
    expect(keys[0]).toBe(5);
    expect(keys.at(-1)).toBe(1);
    expect(generationTaskPriority('acme', 'generating').priorityKey).toBeLessThan(generationTaskPriority('acme', 'queued').priorityKey);
    expect(generationTaskPriority('acme', 'uploading').priorityKey).toBeLessThan(generationTaskPriority('acme', 'generating').priorityKey);
  });

  it('lets a parked or failing job record its state first', () => {
    expect(generationTaskPriority('acme', 'needs_attention').priorityKey).toBe(1);
    expect(generationTaskPriority('acme', 'failed').priorityKey).toBe(1);
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
