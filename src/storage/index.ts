import type { AppConfig } from '../config';
import { LocalDirectoryStorage } from './local-storage';
import type { ObjectStorage } from './object-storage';
import { S3Storage } from './s3-storage';

export type { ObjectStorage, StoredObject } from './object-storage';

export function createStorage(settings: AppConfig['storage']): ObjectStorage {
  return settings.driver === 's3' ? new S3Storage(settings) : new LocalDirectoryStorage(settings.directory);
}
