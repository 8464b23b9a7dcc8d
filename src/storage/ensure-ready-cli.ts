/** Run by scripts/setup.sh: creates the storage bucket (or directory), so benchmarks and tools find it before any worker ran. */
import { loadConfig } from '../config';
import { createStorage } from '.';

createStorage(loadConfig().storage)
  .ensureReady()
  .then(() => console.log('[infinitymix] storage ready'))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
