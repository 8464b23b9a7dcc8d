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
