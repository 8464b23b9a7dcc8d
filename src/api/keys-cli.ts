/**
 * `npm run keys -- create --customer acme [--scope operator] [--label "billing backend"] [--name "Acme Inc."]`
 * `npm run keys -- list [--customer acme]`
 * `npm run keys -- revoke <key id | imx_live_… prefix>`
 * The key itself is printed once, by `create`; only its hash is stored.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { createDatabase, type Database } from '../db/client';
import { createApiKey, listApiKeys, revokeApiKey } from './api-key-store';

const USAGE = 'usage: npm run keys -- create --customer ID [--scope customer|operator] [--label TEXT] [--name TEXT] | list [--customer ID] | revoke KEY_ID_OR_PREFIX';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    customer: { type: 'string' },
    scope: { type: 'string', default: 'customer' },
    label: { type: 'string' },
    name: { type: 'string' },
  },
});

async function run(db: Database, command: string | undefined, target: string | undefined): Promise<void> {
  switch (command) {
    case 'create': {
      if (!values.customer) throw new Error(`create needs --customer\n${USAGE}`);
      if (values.scope !== 'customer' && values.scope !== 'operator') throw new Error('--scope must be customer or operator');
      const { token, key } = await createApiKey(db, { customerId: values.customer, scope: values.scope, label: values.label, customerName: values.name });
      console.log(`created ${key.scope} key ${key.id} (${key.prefix}) for customer ${key.customerId}`);
      console.log(`\n  ${token}\n`);
      console.log('This is the only time the key is shown; store it now. Use it as: Authorization: Bearer <key>');
      return;
    }
    case 'list': {
      const keys = await listApiKeys(db, values.customer);
      for (const key of keys) {
        const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'active';
        const used = key.lastUsedAt ? `last used ${key.lastUsedAt.toISOString()}` : 'never used';
        console.log([key.id, key.prefix, key.customerId, key.scope, state, used, key.label ?? ''].join('\t'));
      }
      if (keys.length === 0) console.log('no API keys yet; make one with: npm run keys -- create --customer <id>');
      return;
    }
    case 'revoke': {
      if (!target) throw new Error(`revoke needs a key id or prefix\n${USAGE}`);
      const key = await revokeApiKey(db, target);
      if (!key) throw new Error(`no API key ${target}`);
      console.log(`revoked key ${key.id} (${key.prefix}) of customer ${key.customerId} at ${key.revokedAt!.toISOString()}`);
      return;
    }
    default:
      throw new Error(USAGE);
  }
}

const db = createDatabase(loadConfig().databaseUrl);
run(db, positionals[0], positionals[1])
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
