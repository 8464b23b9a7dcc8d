import { access, readFile } from 'node:fs/promises';
import { Context } from '@temporalio/activity';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { Payload } from '@temporalio/common';

/** What a held activity heartbeats, so a test finds it (and the worker running it) in describe's pending activities. */
export const HELD_DETAILS = 'held after its work, before completing';

/** Which first attempts hold: these activities in every workflow, and `activity` lines of the plan file per workflow. */
export interface HoldRule {
  activities: readonly string[];
  /** Lines `<workflowId> <activity>`, read at each first attempt, so a test can add jobs while the worker runs. */
  planFile?: string;
  /** Held attempts complete once this file exists; never when it is not given. */
  releaseFile?: string;
}

/**
 * Test-only gate for worker processes: activities do their real work, then a first attempt the rule names holds
 * before reporting completion, heartbeating, until the release file exists (or the process is killed).
 * Everything the step does to the world (a provider task paid for, objects written, rows updated) has happened;
 * only its completion is outstanding — the moment at which a killed worker would make a retry do it all again.
 */
export function holdFirstAttempts<T extends object>(activities: T, rule: HoldRule): T {
  const held = { ...activities } as Record<string, unknown>;
  for (const [name, real] of Object.entries(held)) {
    if (typeof real !== 'function') continue;
    held[name] = async (...args: unknown[]) => {
      const result: unknown = await (real as (...a: unknown[]) => Promise<unknown>)(...args);
      const context = Context.current();
      if (context.info.attempt > 1 || !(await holds(rule, name, context.info.workflowExecution?.workflowId ?? ''))) return result;
      while (!(rule.releaseFile && (await exists(rule.releaseFile)))) {
        context.heartbeat(HELD_DETAILS);
        await context.sleep(200);
      }
      return result;
    };
  }
  return held as T;
}

async function holds(rule: HoldRule, activity: string, workflowId: string): Promise<boolean> {
  if (rule.activities.includes(activity)) return true;
  if (!rule.planFile || !(await exists(rule.planFile))) return false;
  return (await readFile(rule.planFile, 'utf8')).split('\n').includes(`${workflowId} ${activity}`);
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
