import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadIdSecret } from './id-secret';

it('makes a random secret file once (mode 600) and reads the same one afterwards', async () => {
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'id-secret-')), 'nested', 'id-secret');
  const first = await loadIdSecret({ file });
  expect(first.created).toBe(true);
  expect(first.secret.length).toBeGreaterThanOrEqual(32);
  expect((await stat(file)).mode & 0o777).toBe(0o600);
  const second = await loadIdSecret({ file });
  expect(second).toEqual({ secret: first.secret, created: false });
  expect(`${first.secret.toString('utf8')}\n`).toBe(await readFile(file, 'utf8'));
});

it('prefers ID_SECRET and refuses a short secret file', async () => {
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'id-secret-')), 'id-secret');
  expect((await loadIdSecret({ value: 'v'.repeat(40), file })).secret.toString()).toBe('v'.repeat(40));
  await writeFile(file, 'short\n');
  await expect(loadIdSecret({ file })).rejects.toThrow(/at least 32 characters/);
});

it('says which variable to set when the secret file cannot be made', async () => {
  const notADirectory = path.join(await mkdtemp(path.join(os.tmpdir(), 'id-secret-')), 'plain-file');
  await writeFile(notADirectory, 'x');
  await expect(loadIdSecret({ file: path.join(notADirectory, 'id-secret') })).rejects.toThrow(/set ID_SECRET or a writable ID_SECRET_FILE/);
});
