import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec } from './encryption-codec';
import { loadKeyRing, type KeyRingSettings } from './key-ring';

export function createEncryptionCodec(settings: KeyRingSettings): EncryptionCodec {
  return new EncryptionCodec(loadKeyRing(settings));
}

/** The one data converter of every client and worker: default JSON conversion, then encryption. */
export function encryptedDataConverter(settings: KeyRingSettings): DataConverter {
  return { payloadCodecs: [createEncryptionCodec(settings)] };
}
