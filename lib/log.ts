/** Structured JSON logging with secret redaction: one line per event, never a configured secret's value. */

export type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  level: Level | "silent";
  /** Where lines go (console.log in production, an array in tests). */
  write: (line: string) => void;
  /** Values that must never appear in a log line (admin token, VAPID private key). */
  secrets?: string[];
  now?: () => Date;
}

export function createLogger(options: LoggerOptions): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 8);
  const now = options.now ?? (() => new Date());
  const log = (level: Level) => (message: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[level] < ORDER[options.level]) return;
    let line = JSON.stringify({ time: now().toISOString(), level, message, ...fields });
    for (const secret of secrets) line = line.split(secret).join("[redacted]");
    options.write(line);
  };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

export const silentLogger: Logger = createLogger({ level: "silent", write: () => {} });
