import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON lines on stdout; each admission log line carries uid, kind, namespace, name, operation, decision. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { component: 'profilegate-webhook' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
