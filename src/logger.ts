import winston from 'winston';
import type { Logger as TemporalLogger, LogLevel, LogMetadata } from '@temporalio/common';

/** Keys whose values never reach a log line, whatever object they sit in. */
const SECRET_KEY = /(api[-_]?key|secret|password|token|authorization|credential|encryption)/i;
/** user:password@ in connection strings. */
const URL_CREDENTIALS = /(\/\/[^:/@\s]+:)[^@\s]+@/g;

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(URL_CREDENTIALS, '$1***@');
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redact(value.message), stack: value.stack };
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    result[key] = SECRET_KEY.test(key) ? '***' : redact(inner, depth + 1);
  }
  return result;
}

const redactFormat = winston.format((info) => {
  for (const key of Object.keys(info)) {
    info[key] = SECRET_KEY.test(key) ? '***' : redact(info[key]);
  }
  return info;
});

/** JSON lines on stdout: one object per event, secrets masked. */
export function createLogger(level = 'info'): winston.Logger {
  return winston.createLogger({
    level,
    format: winston.format.combine(winston.format.timestamp(), redactFormat(), winston.format.json()),
    transports: [new winston.transports.Console()],
  });
}

const temporalToWinston: Record<LogLevel, string> = {
  TRACE: 'debug',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** Forwards the Temporal Runtime's log events (SDK, workflow and activity loggers) to winston. */
export class WinstonTemporalLogger implements TemporalLogger {
  constructor(private readonly target: winston.Logger) {}
  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    this.target.log(temporalToWinston[level], message, meta ?? {});
  }
  trace(message: string, meta?: LogMetadata): void { this.log('TRACE', message, meta); }
  debug(message: string, meta?: LogMetadata): void { this.log('DEBUG', message, meta); }
  info(message: string, meta?: LogMetadata): void { this.log('INFO', message, meta); }
  warn(message: string, meta?: LogMetadata): void { this.log('WARN', message, meta); }
  error(message: string, meta?: LogMetadata): void { this.log('ERROR', message, meta); }
}
