/** The host's logger: levelled lines on stderr (never stdout, which the CLI keeps for results). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export function createLogger(
  scope: string,
  minLevel: LogLevel = (process.env.ROUNDTABLE_LOG as LogLevel | undefined) ?? 'warn',
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Logger {
  const log = (level: LogLevel) => (message: string) => {
    if (ORDER[level] >= ORDER[minLevel]) write(`[${new Date().toISOString()}] ${level} ${scope}: ${message}`);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
