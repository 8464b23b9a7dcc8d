/** Object storage as the activities see it: R2, S3 or MinIO through the S3 API, or a local directory. */
export interface StoredObject {
  key: string;
  size: number;
  lastModified: Date;
}

/** A URL a client may PUT one object's bytes to, without credentials of its own, until `expiresAt`. */
export interface PresignedUpload {
  url: string;
  expiresAt: Date;
}

export interface ObjectStorage {
  /** Creates the bucket (or directory) when it does not exist yet. */
  ensureReady(): Promise<void>;
  putFile(key: string, filePath: string, contentType: string): Promise<StoredObject>;
  putBytes(key: string, body: Buffer | string, contentType: string): Promise<StoredObject>;
  getBytes(key: string): Promise<Buffer>;
  /** A presigned PUT URL for `key`; null where the storage cannot make one (a local directory). */
  presignUpload(key: string, expiresInSeconds: number): Promise<PresignedUpload | null>;
  downloadToFile(key: string, filePath: string): Promise<void>;
  /** null when there is no object at `key`. */
  head(key: string): Promise<StoredObject | null>;
  /** Every object whose key starts with `prefix`, page by page. */
  list(prefix: string): AsyncIterable<StoredObject>;
  /** Deletes the keys that exist; returns how many were asked for. Missing keys are not an error. */
  deleteMany(keys: string[]): Promise<number>;
  /** Releases connections (keep-alive sockets), so a process can exit. */
  close(): Promise<void>;
}
