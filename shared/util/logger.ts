/**
 * The logging surface shared code depends on. Powertools' `Logger` satisfies it in Lambda; the CLI uses a stderr
 * logger. Never pass prompt or model-output text to a logger: log counts, ids and reasons only.
 */
export interface Log {
  debug(message: string, extra?: Record<string, unknown>): void;
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

export const silentLog: Log = { debug() {}, info() {}, warn() {}, error() {} };

/** JSON-lines logger to a stream (stderr for the CLI, so stdout stays machine-readable). */
export function streamLog(stream: NodeJS.WritableStream, minLevel: 'debug' | 'info' | 'warn' | 'error' = 'info'): Log {
  const levels = ['debug', 'info', 'warn', 'error'] as const;
  const min = levels.indexOf(minLevel);
  const emit = (level: (typeof levels)[number]) => (message: string, extra?: Record<string, unknown>) => {
    if (levels.indexOf(level) < min) return;
    stream.write(`${JSON.stringify({ level, message, ...extra })}\n`);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** Collects log entries in memory (tests assert that no sensitive text was logged). */
export function memoryLog(): Log & { entries: { level: string; message: string; extra?: Record<string, unknown> }[] } {
  const entries: { level: string; message: string; extra?: Record<string, unknown> }[] = [];
  const push = (level: string) => (message: string, extra?: Record<string, unknown>) => {
    entries.push({ level, message, extra });
  };
  return { entries, debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') };
}
