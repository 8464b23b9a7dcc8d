import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AppConfig } from '../config';
import { createSecretFileOnce, newKeyFileContent } from './key-ring';

const MIN_TOKEN_LENGTH = 32;

/**
 * Secure by default on a machine with nothing configured: a payload key file and a codec token, each made
 * once (mode 0600) and reused by `npm start`, the tests and every script. Configured values win; nothing
 * is overwritten. Returns the files it created.
 */
export function ensureLocalSecrets(config: Pick<AppConfig, 'temporal' | 'codecServer'>): string[] {
  const created: string[] = [];
  const { payloadEncryption } = config.temporal;
  if (!payloadEncryption.keys && createSecretFileOnce(payloadEncryption.keyFile, newKeyFileContent(`local-${new Date().toISOString().slice(0, 10)}`))) {
    created.push(payloadEncryption.keyFile);
  }
  const { authToken, authTokenFile } = config.codecServer;
  if (!authToken && createSecretFileOnce(authTokenFile, `${randomBytes(32).toString('base64url')}\n`)) created.push(authTokenFile);
  return created;
}

/** CODEC_AUTH_TOKEN, else the token file's content. */
export function loadCodecAuthToken(settings: AppConfig['codecServer']): string {
  let token = settings.authToken;
  if (!token) {
    try {
      token = readFileSync(settings.authTokenFile, 'utf8').trim();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      throw new Error(`No codec token: set CODEC_AUTH_TOKEN or CODEC_AUTH_TOKEN_FILE (${settings.authTokenFile} does not exist; \`npm run setup\` creates one)`);
    }
  }
  if (token.length < MIN_TOKEN_LENGTH) throw new Error(`CODEC_AUTH_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters`);
  return token;
}
