/** Run by scripts/setup.sh: creates the local payload key file and codec token when none is configured. */
import { loadConfig } from '../config';
import { ensureLocalSecrets } from './local-secrets';

for (const file of ensureLocalSecrets(loadConfig())) console.log(`[infinitymix] created ${file} (mode 0600)`);
