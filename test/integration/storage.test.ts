import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { createStorage, type ObjectStorage } from '../../src/storage';
import { LocalDirectoryStorage } from '../../src/storage/local-storage';

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
