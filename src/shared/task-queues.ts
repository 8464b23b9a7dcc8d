/** One task queue per kind of work, so critical work never waits behind maintenance. */
export const TaskQueue = {
  generation: 'generation',
  planning: 'planning',
  maintenance: 'maintenance',
} as const;
export type TaskQueue = (typeof TaskQueue)[keyof typeof TaskQueue];

export const allTaskQueues: readonly TaskQueue[] = Object.values(TaskQueue);
