import { unservedQueues } from './worker-health';

const NOW = Date.parse('2026-12-03T05:00:00Z');

describe('unservedQueues', () => {
  it('accepts a queue whose workflow and activity pollers polled recently', () => {
    const pollers = [
      { taskQueue: 'generation', kind: 'workflow' as const, lastAccessTimes: [NOW - 75_000, NOW - 2_000] },
      { taskQueue: 'generation', kind: 'activity' as const, lastAccessTimes: [NOW - 89_000] },
    ];
    expect(unservedQueues(pollers, NOW, 90)).toEqual([]);
  });

  it('names each queue and kind without a poller or with only stale ones', () => {
    const pollers = [
      { taskQueue: 'planning', kind: 'workflow' as const, lastAccessTimes: [] },
      { taskQueue: 'planning', kind: 'activity' as const, lastAccessTimes: [NOW - 91_000] },
      { taskQueue: 'maintenance', kind: 'workflow' as const, lastAccessTimes: [NOW] },
    ];
    expect(unservedQueues(pollers, NOW, 90)).toEqual([
      'task queue planning: no workflow poller',
      'task queue planning: no activity poll in the last 90 s',
    ]);
  });
});
