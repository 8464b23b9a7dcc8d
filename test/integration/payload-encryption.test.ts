import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { InfinityMixClient } from '../../src/client';
import { createEncryptionCodec } from '../../src/codec/data-converter';
import { decodeHistoryPayloads } from '../../src/codec/history';
import { loadConfig } from '../../src/config';
import type { GenerationInput, GenerationResult } from '../../src/contracts/music-generation';
import { connectClient } from '../../src/temporal-connection';
import { writeSineAudio } from '../fakes/sine-audio';
import { startCodecServerChild, type CodecServerChild } from '../support/codec-server-child';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { generationInput, serveFile } from '../support/generation';
import { temporalCli } from '../support/temporal-cli';
import { startWorkerChild } from '../support/worker-child';

/**
 * Payloads leave the process encrypted: the raw history on the server has no customer text; the codec
 * server (as `npm start` runs it) gives it back to an operator's `temporal … --codec-endpoint`.
 */
let env: TestEnvironment;
let reference: { url: string; close(): Promise<void> };

beforeAll(async () => {
  env = await createTestEnvironment('payload-encryption');
  const referencePath = path.join(await mkdtemp(path.join(os.tmpdir(), 'payload-encryption-')), 'reference.wav');
  await writeSineAudio(referencePath, { seconds: 20 });
  reference = await serveFile(referencePath);
});
afterAll(async () => {
  await reference.close();
  await env.close();
});

const marker = (label: string) => `${label}${randomUUID().replaceAll('-', '').slice(0, 16)}`;

/** The customer text of one generation, each part distinctive enough to search for in a history. */
function secretGeneration(): { input: GenerationInput; texts: string[] } {
  const prompt = marker('lighthouselullaby');
  const transcript = marker('chopthequinces');
  const urlToken = marker('reftoken');
  return {
    input: generationInput({
      durationSeconds: 5,
      prompt: `a lullaby for the lighthouse keeper ${prompt}`,
      referenceUrl: `${reference.url}?share=${urlToken}`,
      isSceneAware: true,
      segments: [{ start: 0, end: 4, text: `Welcome back, today we ${transcript}` }],
    }),
    texts: [prompt, transcript, urlToken],
  };
}

/** The CLI's output with every base64 string in it decoded too, so text inside payload data is found. */
function readable(output: string): string {
  const decoded = [...output.matchAll(/"([A-Za-z0-9+/]{16,}={0,2})"/g)].map((match) => Buffer.from(match[1]!, 'base64').toString('latin1'));
  return [output, ...decoded].join('\n');
}

const showHistory = (workflowId: string, ...codec: string[]) => temporalCli('workflow', 'show', '--workflow-id', workflowId, '--output', 'json', ...codec);

async function runGeneration(client: Client, taskQueue: string, input: GenerationInput): Promise<{ workflowId: string; result: GenerationResult }> {
  const { workflowId } = await new InfinityMixClient(client, { taskQueue }).startGeneration(input, { requestDigest: 'digest' });
  return { workflowId, result: (await client.workflow.getHandle(workflowId).result()) as GenerationResult };
}

describe('with the local key (npm start default)', () => {
  let codecServer: CodecServerChild;
  beforeAll(async () => {
    codecServer = await startCodecServerChild();
  });
  afterAll(async () => {
    await codecServer.stop();
  });

  it('keeps prompt, transcript and reference URL out of the raw history; the CLI reads them through the codec server', async () => {
    const { input, texts } = secretGeneration();
    const { workflowId, result } = await env.withWorker(() => runGeneration(env.client, env.taskQueue, input), { allowPrivateReferenceHosts: true });
    expect(result.provider).toBe('local');

    const raw = readable(await showHistory(workflowId));
    expect(raw).toContain('binary/encrypted');
    for (const text of texts) expect(raw).not.toContain(text);
    // Search attributes are not encrypted: ours carry ids and step names only (BuildIds is the server's, and
    // TemporalChangeVersion the SDK's record of the patched() code paths taken, by their fixed names).
    const { searchAttributes } = await env.client.workflow.getHandle(workflowId).describe();
    expect(Object.keys(searchAttributes).sort()).toEqual(['BuildIds', 'CustomerId', 'GenerationStep', 'TemporalChangeVersion']);
    for (const change of searchAttributes.TemporalChangeVersion as string[]) expect(change).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(searchAttributes).toMatchObject({ CustomerId: [input.customerId], GenerationStep: ['completed'] });

    const decoded = readable(await showHistory(workflowId, ...codecServer.cliFlags));
    for (const text of texts) expect(decoded).toContain(text);
    expect(decoded).not.toContain('binary/encrypted');
  });

  it('keeps a failure message out of the raw history; the CLI reads it through the codec server', async () => {
    // A .invalid host never resolves (RFC 6761), so the address rule refuses it and the failure names it.
    const host = `${marker('privatevault')}.invalid`;
    const input = generationInput({ durationSeconds: 5, referenceUrl: `http://${host}/reference.wav` });
    const { workflowId } = await new InfinityMixClient(env.client, { taskQueue: env.taskQueue }).startGeneration(input, { requestDigest: 'digest' });
    const failure = await env
      .withWorker(() => env.client.workflow.getHandle(workflowId).result(), { allowPrivateReferenceHosts: false })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const { cause } = failure as WorkflowFailedError;
    expect(cause).toMatchObject({ type: 'InvalidInput' });
    expect(cause?.message).toContain(`referenceUrl: host ${host} does not resolve`);

    expect(readable(await showHistory(workflowId))).not.toContain(host);
    expect(readable(await showHistory(workflowId, ...codecServer.cliFlags))).toContain(`referenceUrl: host ${host} does not resolve`);
  });

  it('answers no token with 401 and refuses another origin at preflight', async () => {
    const noToken = await fetch(`${codecServer.url}/decode`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"payloads":[]}' });
    expect(noToken.status).toBe(401);
    const preflight = await fetch(`${codecServer.url}/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'http://attacker.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('key rotation', () => {
  const keyA = `a:${randomBytes(32).toString('base64')}`;
  const keyB = `b:${randomBytes(32).toString('base64')}`;
  const taskQueue = `test-payload-rotation-${randomUUID()}`;
  const clientWith = (keys: string) =>
    connectClient({ ...loadConfig().temporal, payloadEncryption: { ...loadConfig().temporal.payloadEncryption, keys } });

  // Two worker processes bundle the workflows and one generation runs to its end: longer than the default on a busy machine.
  const ROTATION_TIMEOUT_MS = 300_000;
  const promptOnly = () => {
    const prompt = marker('rotationprompt');
    return { input: generationInput({ durationSeconds: 5, prompt: `a waltz for ${prompt}` }), prompt };
  };

  it('decodes a history written under the old key after the worker and codec server restart with [B current, A old]', async () => {
    const clientA = await clientWith(keyA);
    const old = promptOnly();
    const workerA = await startWorkerChild(taskQueue, { PAYLOAD_ENCRYPTION_KEYS: keyA });
    let written: { workflowId: string; result: GenerationResult };
    try {
      written = await runGeneration(clientA, taskQueue, old.input);
    } finally {
      await workerA.stop();
      await clientA.connection.close();
    }
    expect(readable(await showHistory(written.workflowId))).not.toContain(old.prompt);

    const rotatedKeys = `${keyB},${keyA}`;
    const workerB = await startWorkerChild(taskQueue, { PAYLOAD_ENCRYPTION_KEYS: rotatedKeys });
    const clientB = await clientWith(rotatedKeys);
    const codecServer = await startCodecServerChild({ PAYLOAD_ENCRYPTION_KEYS: rotatedKeys });
    try {
      // Through the client: the old result and every payload of the old history.
      const oldHandle = clientB.workflow.getHandle(written.workflowId);
      expect(await oldHandle.result()).toEqual(written.result);
      const history = await decodeHistoryPayloads(await oldHandle.fetchHistory(), createEncryptionCodec({ keys: rotatedKeys, keyFile: '' }));
      expect(readable(JSON.stringify(history))).toContain(old.prompt);
      // Through the codec server, as an operator reads it.
      expect(readable(await showHistory(written.workflowId, ...codecServer.cliFlags))).toContain(old.prompt);

      // New payloads are written under B: their key id is b, and a ring without B cannot read them.
      const fresh = promptOnly();
      const { workflowId } = await new InfinityMixClient(clientB, { taskQueue }).startGeneration(fresh.input);
      const started = (await clientB.workflow.getHandle(workflowId).fetchHistory()).events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
      expect(Buffer.from(started.metadata!['encryption-key-id']!).toString()).toBe('b');
      await expect(createEncryptionCodec({ keys: keyA, keyFile: '' }).decode([started])).rejects.toThrow('key id "b", which is not in the key ring');
      expect(readable(await showHistory(workflowId))).not.toContain(fresh.prompt);
      await clientB.workflow.getHandle(workflowId).terminate('rotation test done');
    } finally {
      await codecServer.stop();
      await workerB.stop();
      await clientB.connection.close();
    }
  }, ROTATION_TIMEOUT_MS);
});
