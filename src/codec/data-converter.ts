import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec } from './encryption-codec';
import { loadKeyRing, type KeyRingSettings } from './key-ring';

/** The failure converter module of every client, worker and workflow bundle (bundleWorkflowCode needs it too). */
export const failureConverterPath = require.resolve('./failure-converter');

export function createEncryptionCodec(settings: KeyRingSettings): EncryptionCodec {
  return new EncryptionCodec(loadKeyRing(settings));
}

/** The one data converter of every client and worker: default JSON conversion, failures encoded, then encryption. */
export function encryptedDataConverter(settings: KeyRingSettings): DataConverter {
  return { payloadCodecs: [createEncryptionCodec(settings)], failureConverterPath };
}
