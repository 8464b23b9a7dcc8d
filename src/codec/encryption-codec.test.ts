import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { ENCRYPTED_ENCODING, EncryptionCodec, KEY_ID_METADATA, PayloadDecryptionError } from './encryption-codec';
import type { KeyRing } from './key-ring';

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const ring = (currentKeyId: string, keys: Record<string, Buffer>): KeyRing => ({ currentKeyId, keys: new Map(Object.entries(keys)) });
const secretInput = { prompt: 'a lullaby about the lighthouse keeper Ingrid', referenceUrl: 'https://example.com/song.mp3' };
const plainPayload = (): Payload => defaultPayloadConverter.toPayload(secretInput)!;
const keyMaterial = (key: Buffer): string[] => [key.toString('base64'), key.toString('hex')];

async function decodeError(codec: EncryptionCodec, payload: Payload): Promise<Error> {
  return codec.decode([payload]).then(
    () => {
      throw new Error('decode succeeded');
    },
    (error: unknown) => error as Error,
  );
}

describe('EncryptionCodec', () => {
  it('round-trips a payload, keeps nothing of it in clear and names the key id in metadata', async () => {
    const codec = new EncryptionCodec(ring('a', { a: keyA }));
    const [encrypted] = await codec.encode([plainPayload()]);
    expect(Buffer.from(encrypted!.metadata![METADATA_ENCODING_KEY]!).toString()).toBe(ENCRYPTED_ENCODING);
    expect(Buffer.from(encrypted!.metadata![KEY_ID_METADATA]!).toString()).toBe('a');
    expect(Buffer.from(encrypted!.data!).toString('latin1')).not.toContain('lighthouse');
    const [decoded] = await codec.decode([encrypted!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(secretInput);
  });

  it('uses a fresh IV for every payload', async () => {
    const codec = new EncryptionCodec(ring('a', { a: keyA }));
    const [first, second] = await codec.encode([plainPayload(), plainPayload()]);
    expect(Buffer.from(first!.data!).subarray(0, 12)).not.toEqual(Buffer.from(second!.data!).subarray(0, 12));
    expect(Buffer.from(first!.data!)).not.toEqual(Buffer.from(second!.data!));
  });

  it('passes payloads that were never encrypted through unchanged', async () => {
    const codec = new EncryptionCodec(ring('a', { a: keyA }));
    const plain = plainPayload();
    expect(await codec.decode([plain])).toEqual([plain]);
  });

  it('decodes payloads of an older key after rotation and encrypts new ones with the current key', async () => {
    const [old] = await new EncryptionCodec(ring('a', { a: keyA })).encode([plainPayload()]);
    const rotated = new EncryptionCodec(ring('b', { b: keyB, a: keyA }));
    expect(defaultPayloadConverter.fromPayload((await rotated.decode([old!]))[0]!)).toEqual(secretInput);
    const [fresh] = await rotated.encode([plainPayload()]);
    expect(Buffer.from(fresh!.metadata![KEY_ID_METADATA]!).toString()).toBe('b');
  });

  it('refuses altered data', async () => {
    const codec = new EncryptionCodec(ring('a', { a: keyA }));
    const [encrypted] = await codec.encode([plainPayload()]);
    const data = Buffer.from(encrypted!.data!);
    data[20] = data[20]! ^ 1;
    const error = await decodeError(codec, { ...encrypted!, data });
    expect(error).toBeInstanceOf(PayloadDecryptionError);
    expect(error.message).toMatch(/\(key id "a"\) failed authentication/);
  });

  it('refuses a payload relabelled with another known key id', async () => {
    const codec = new EncryptionCodec(ring('a', { a: keyA, b: keyB }));
    const [encrypted] = await codec.encode([plainPayload()]);
    const relabelled = { ...encrypted!, metadata: { ...encrypted!.metadata, [KEY_ID_METADATA]: Buffer.from('b') } };
    expect((await decodeError(codec, relabelled)).message).toMatch(/\(key id "b"\) failed authentication/);
  });

  it('names an unknown key id and never any key material', async () => {
    const [encrypted] = await new EncryptionCodec(ring('retired-2025', { 'retired-2025': keyA })).encode([plainPayload()]);
    const error = await decodeError(new EncryptionCodec(ring('b', { b: keyB })), encrypted!);
    expect(error.message).toContain('"retired-2025"');
    expect(error.message).toContain('not in the key ring');
    for (const material of [...keyMaterial(keyA), ...keyMaterial(keyB)]) expect(`${error.message}${error.stack}`).not.toContain(material);
  });

  it('refuses an encrypted payload without a key id or with truncated data', async () => {
    const codec = new EncryptionCodec(ring('a', { a: keyA }));
    const noKeyId = { metadata: { [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING) }, data: randomBytes(40) };
    expect((await decodeError(codec, noKeyId)).message).toMatch(/no encryption-key-id/);
    const truncated = { metadata: { [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: Buffer.from('a') }, data: randomBytes(10) };
    expect((await decodeError(codec, truncated)).message).toMatch(/truncated/);
  });
});
