import { Writable } from 'node:stream';
import winston from 'winston';
import { createLogger, redact, WinstonTemporalLogger } from './logger';

describe('redact', () => {
  it('masks secret-looking keys at any depth and credentials inside URLs', () => {
    expect(
      redact({
        apiKey: 'sk-live-123',
        nested: { MUREKA_API_KEY: 'x', password: 'p', list: [{ authorization: 'Bearer t' }] },
        databaseUrl: 'postgresql://user:hunter2@db:5432/app',
        harmless: 'value',
      }),
    ).toEqual({
      apiKey: '***',
      nested: { MUREKA_API_KEY: '***', password: '***', list: [{ authorization: '***' }] },
      databaseUrl: 'postgresql://user:***@db:5432/app',
      harmless: 'value',
    });
  });

  it('masks the payload encryption keys and the codec token by their variable and setting names', () => {
    expect(
      redact({
        PAYLOAD_ENCRYPTION_KEYS: 'k1:AAAA',
        PAYLOAD_ENCRYPTION_KEY_FILE: '/srv/keys.json',
        CODEC_AUTH_TOKEN: 't0k3n',
        temporal: { payloadEncryption: { keys: 'k1:AAAA' } },
        codecServer: { authToken: 't0k3n', port: 8089 },
      }),
    ).toEqual({
      PAYLOAD_ENCRYPTION_KEYS: '***',
      PAYLOAD_ENCRYPTION_KEY_FILE: '***',
      CODEC_AUTH_TOKEN: '***',
      temporal: { payloadEncryption: '***' },
      codecServer: { authToken: '***', port: 8089 },
    });
  });
});

describe('createLogger', () => {
  it('writes one JSON object per line with secrets masked', () => {
    const lines: string[] = [];
    const logger = createLogger('info');
    logger.clear().add(
      new winston.transports.Stream({
        stream: new Writable({ write: (chunk, _encoding, done) => { lines.push(String(chunk)); done(); } }),
      }),
    );
    logger.info('connected', { url: 'postgresql://a:secret@h/db', token: 'abc' });
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: 'info', message: 'connected', url: 'postgresql://a:***@h/db', token: '***' });
    expect(lines[0]).not.toContain('secret');
  });
});

describe('WinstonTemporalLogger', () => {
  it('maps Temporal levels onto winston levels and keeps metadata', () => {
    const calls: unknown[][] = [];
    const target = { log: (...args: unknown[]) => calls.push(args) } as unknown as winston.Logger;
    const logger = new WinstonTemporalLogger(target);
    logger.trace('t');
    logger.warn('w', { workflowId: 'wf-1' });
    logger.error('e');
    expect(calls).toEqual([
      ['debug', 't', {}],
      ['warn', 'w', { workflowId: 'wf-1' }],
      ['error', 'e', {}],
    ]);
  });
});
