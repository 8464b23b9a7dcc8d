import { access } from 'node:fs/promises';
import { Context } from '@temporalio/activity';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { Payload } from '@temporalio/common';

/** What a held activity heartbeats, so a test finds it (and the worker running it) in describe's pending activities. */
export const HELD_DETAILS = 'held after its work, before completing';

/**
 * Test-only gate for worker processes: the named activities do their real work, then on their first attempt
 * hold before reporting completion, heartbeating, until `releaseFile` exists (never, when it is not given).
 * Everything the step does to the world (a provider task paid for, objects written, rows updated) has happened;
 * only its completion is outstanding — the moment at which a killed worker would make a retry do it all again.
 */
export function holdFirstAttempts<T extends object>(activities: T, names: readonly string[], releaseFile?: string): T {
  const held = { ...activities } as Record<string, unknown>;
  for (const name of names) {
    const real = held[name];
    if (typeof real !== 'function') throw new Error(`no activity named ${name} to hold`);
    held[name] = async (...args: unknown[]) => {
      const result: unknown = await (real as (...a: unknown[]) => Promise<unknown>)(...args);
      const context = Context.current();
      if (context.info.attempt > 1) return result;
      while (!(releaseFile && (await exists(releaseFile)))) {
        context.heartbeat(HELD_DETAILS);
        await context.sleep(200);
      }
      return result;
    };
  }
  return held as T;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** The identity of the worker holding `activity` of this workflow (see holdFirstAttempts), or undefined while none does. */
export async function heldBy(client: Client, handle: WorkflowHandle, activity: string): Promise<string | undefined> {
  const { raw } = await handle.describe();
  const pending = (raw.pendingActivities ?? []).find((candidate) => candidate.activityType?.name === activity);
  const payloads = pending?.heartbeatDetails?.payloads;
  if (!pending || !payloads?.length) return undefined;
  const { payloadCodecs, payloadConverter } = client.options.loadedDataConverter;
  let decoded = payloads as Payload[];
  for (const codec of [...payloadCodecs].reverse()) decoded = await codec.decode(decoded);
  return payloadConverter.fromPayload(decoded[0]!) === HELD_DETAILS ? (pending.lastWorkerIdentity ?? undefined) : undefined;
}
