import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { composeMusic } from '../../src/audio/composer/composer';
import type { AutoDjPlanInput } from '../../src/contracts/autodj-planning';
import type { TestEnvironment } from './environment';

export interface AutoDjHistoryCase {
  workflowType: 'autoDjPlanningWorkflow';
  args: [AutoDjPlanInput];
  close(): Promise<void>;
}

/**
 * A catalog plan for a saved history that passes every step: tracks with features, one with only audio in
 * storage (analysed by the fan-out) and one whose upload is not audio (its analysis fails and it is skipped).
 */
export async function startAutoDjHistoryCase(env: TestEnvironment): Promise<AutoDjHistoryCase> {
  const tag = randomUUID().slice(0, 8);
  const artist = `AutoDJ History ${tag}`;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'autodj-history-'));
  const audioKey = `tmp/histories/autodj-${tag}/unanalysed.wav`;
  const notAudioKey = `tmp/histories/autodj-${tag}/not-audio.wav`;
  const audioPath = path.join(dir, 'unanalysed.wav');
  await composeMusic({ mood: 'energetic', bpm: 126, key: 'E minor', durationSeconds: 30, seed: 77 }, audioPath, { soundfontPreference: 'small' });
  await env.storage.putFile(audioKey, audioPath, 'audio/wav');
  await env.storage.putBytes(notAudioKey, 'not audio', 'audio/wav');

  const features = [
    { bpm: 124, key: 'A minor', camelot: '8A', energy: 5, durationSeconds: 240 },
    { bpm: 125, key: 'E minor', camelot: '9A', energy: 6, durationSeconds: 250 },
    { bpm: 126, key: 'G major', camelot: '9B', energy: 7, durationSeconds: 230 },
  ];
  const trackIds: string[] = [];
  for (const [index, track] of features.entries()) {
    trackIds.push((await env.db.track.create({ data: { title: `History ${index + 1}`, artist, ...track } })).id);
  }
  trackIds.push((await env.db.track.create({ data: { title: 'History analysed', artist, durationSeconds: 1, storageKey: audioKey } })).id);
  trackIds.push((await env.db.track.create({ data: { title: 'History broken', artist, durationSeconds: 200, storageKey: notAudioKey } })).id);

  const planId = randomUUID();
  return {
    workflowType: 'autoDjPlanningWorkflow',
    args: [{ planId, pool: { trackIds }, targetDurationSeconds: 600, energyMode: 'build', eventPreset: 'club', seed: 5 }],
    close: async () => {
      await env.db.autoDjPlan.deleteMany({ where: { id: planId } });
      await env.db.track.deleteMany({ where: { artist } });
      await env.storage.deleteMany([audioKey, notAudioKey]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
