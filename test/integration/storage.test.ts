import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { createStorage, type ObjectStorage } from '../../src/storage';
import { LocalDirectoryStorage } from '../../src/storage/local-storage';
import { S3Storage } from '../../src/storage/s3-storage';
import { DeleteBucketCommand, S3Client } from '@aws-sdk/client-s3';

/** The same contract against MinIO (S3 API, as R2 in production) and against a local directory. */
const drivers: [string, () => Promise<ObjectStorage>][] = [
  ['S3 API (MinIO)', async () => createStorage(loadConfig().storage)],
  ['local directory', async () => new LocalDirectoryStorage(await mkdtemp(path.join(os.tmpdir(), 'storage-test-')))],
];

describe.each(drivers)('%s storage', (_name, make) => {
  it('puts, heads, gets, downloads, lists by prefix and deletes, with missing keys reported as null', async () => {
    const storage = await make();
    await storage.ensureReady();
    const prefix = `tmp/storage-test-${randomUUID()}`;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'storage-file-'));
    const source = path.join(dir, 'in.bin');
    await writeFile(source, Buffer.alloc(300_000, 7));

    expect(await storage.putFile(`${prefix}/a.bin`, source, 'application/octet-stream')).toMatchObject({ size: 300_000 });
    await storage.putBytes(`${prefix}/b.json`, '{"ok":true}', 'application/json');
    await storage.putBytes(`${prefix}/b.json`, '{"ok":2}', 'application/json'); // same key overwrites

    expect(await storage.head(`${prefix}/a.bin`)).toMatchObject({ size: 300_000 });
    expect(await storage.head(`${prefix}/missing`)).toBeNull();
    expect((await storage.getBytes(`${prefix}/b.json`)).toString()).toBe('{"ok":2}');
    const target = path.join(dir, 'out.bin');
    await storage.downloadToFile(`${prefix}/a.bin`, target);
    expect((await readFile(target)).equals(await readFile(source))).toBe(true);

    const listed = [];
    for await (const object of storage.list(`${prefix}/`)) listed.push(object.key);
    expect(listed.sort()).toEqual([`${prefix}/a.bin`, `${prefix}/b.json`]);

    expect(await storage.deleteMany([`${prefix}/a.bin`, `${prefix}/b.json`, `${prefix}/never-existed`])).toBe(3);
    expect(await storage.head(`${prefix}/a.bin`)).toBeNull();
    await storage.close();
  });
});

// Every worker deployment makes sure the bucket exists as it starts; started together, they all find it
// missing and all create it (the compose stack's three workers did).
it('lets several processes make sure of a missing bucket at once', async () => {
  const settings = loadConfig().storage;
  if (settings.driver !== 's3') throw new Error('this test needs the S3 API storage (STORAGE_DRIVER=s3)');
  const bucket = `ensure-ready-${randomUUID().slice(0, 8)}`;
  const storages = Array.from({ length: 4 }, () => new S3Storage({ ...settings, bucket }));
  try {
    await expect(Promise.all(storages.map((storage) => storage.ensureReady()))).resolves.toHaveLength(4);
  } finally {
    await Promise.all(storages.map((storage) => storage.close()));
    const admin = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    });
    await admin.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined);
    admin.destroy();
  }
});
