import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ObjectStorage, StoredObject } from './object-storage';

/** Storage in a local directory, for development without an S3 server. Keys map to relative paths. */
export class LocalDirectoryStorage implements ObjectStorage {
  constructor(private readonly root: string) {}

  async ensureReady(): Promise<void> {
    await mkdir(this.root, { recursive: true });
  }

  async putFile(key: string, filePath: string): Promise<StoredObject> {
    const target = await this.prepare(key);
    await copyFile(filePath, target);
    return this.describe(key, target);
  }

  async putBytes(key: string, body: Buffer | string): Promise<StoredObject> {
    const target = await this.prepare(key);
    await writeFile(target, body);
    return this.describe(key, target);
  }

  /** A directory has no URL a client could PUT to: catalog tracks come by `sourceUrl` there. */
  async presignUpload(): Promise<null> {
    return null;
  }

  async getBytes(key: string): Promise<Buffer> {
    return readFile(this.pathOf(key));
  }

  async downloadToFile(key: string, filePath: string): Promise<void> {
    await pipeline(createReadStream(this.pathOf(key)), createWriteStream(filePath));
  }

  async head(key: string): Promise<StoredObject | null> {
    try {
      return await this.describe(key, this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    for (const key of (await this.walk('')).sort()) {
      if (key.startsWith(prefix)) yield this.describe(key, this.pathOf(key));
    }
  }

  async deleteMany(keys: string[]): Promise<number> {
    await Promise.all(keys.map((key) => rm(this.pathOf(key), { force: true })));
    return keys.length;
  }

  async close(): Promise<void> {
    // Nothing is held open between calls.
  }

  private pathOf(key: string): string {
    const resolved = path.resolve(this.root, key);
    if (!resolved.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`Storage key escapes the root: ${key}`);
    return resolved;
  }

  private async prepare(key: string): Promise<string> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    return target;
  }

  private async describe(key: string, filePath: string): Promise<StoredObject> {
    const info = await stat(filePath);
    return { key, size: info.size, lastModified: info.mtime };
  }

  private async walk(relative: string): Promise<string[]> {
    let entries;
    try {
      entries = await readdir(path.join(this.root, relative), { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const nested = await Promise.all(
      entries.map((entry) => {
        const child = relative ? `${relative}/${entry.name}` : entry.name;
        return entry.isDirectory() ? this.walk(child) : Promise.resolve([child]);
      }),
    );
    return nested.flat();
  }
}
