/** JSON lines on stdout, one per event, with the level, time and component (a tiny pino-like logger). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface AgentLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export function createAgentLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stdout.write(line),
): AgentLogger {
  const log = (at: LogLevel, fields: Record<string, unknown>, msg: string) => {
    if (ORDER[at] < ORDER[level]) return;
    const entry = {
      level: at,
      time: new Date().toISOString(),
      component: 'profilegate-agent',
      msg,
      ...fields,
    };
    write(`${JSON.stringify(entry)}\n`);
  };
  return {
    info: (fields, msg) => log('info', fields, msg),
    warn: (fields, msg) => log('warn', fields, msg),
    error: (fields, msg) => log('error', fields, msg),
  };
}
