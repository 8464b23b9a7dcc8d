import { Presets, SingleBar } from 'cli-progress';

export interface ProgressReading {
  /** Finished: the loop stops and returns this reading. */
  done: boolean;
  percent: number;
  step: string;
  view: unknown;
}

/** How a wait ended: the last reading, or the customer pressed Ctrl-C (the job goes on). */
export type WaitOutcome = { kind: 'finished'; view: unknown } | { kind: 'interrupted' };

const POLL_MS = 1_000;

/**
 * Polls `read` until it says done, showing a live bar with the step name on a terminal and one line per step
 * otherwise. Ctrl-C stops only the waiting: the job runs on in the service.
 */
export async function waitWithProgress(label: string, read: () => Promise<ProgressReading>): Promise<WaitOutcome> {
  const stream = process.stderr;
  const bar = stream.isTTY ? new SingleBar({ format: `${label} {bar} {percentage}% | {step} | {duration_formatted}`, hideCursor: true, stream }, Presets.shades_classic) : undefined;
  let interrupted = false;
  let wake: (() => void) | undefined;
  const onInterrupt = () => {
    interrupted = true;
    wake?.();
  };
  // `on`, and kept after the first Ctrl-C: a runner like tsx relays the terminal's SIGINT, so a second one may
  // follow the first, and the default action would kill the CLI before it says the job goes on.
  process.on('SIGINT', onInterrupt);
  bar?.start(100, 0, { step: 'queued' });
  let lastStep: string | undefined;
  try {
    for (;;) {
      const reading = await read();
      bar?.update(reading.percent, { step: reading.step });
      if (!bar && reading.step !== lastStep) stream.write(`${label}: ${reading.step} (${reading.percent}%)\n`);
      lastStep = reading.step;
      if (reading.done) return { kind: 'finished', view: reading.view };
      if (interrupted) return { kind: 'interrupted' };
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, POLL_MS);
      });
      if (interrupted) return { kind: 'interrupted' };
    }
  } finally {
    bar?.stop();
    if (!interrupted) process.removeListener('SIGINT', onInterrupt);
  }
}
