/**
 * The logger lib/ writes through: one structured event per call, never a secret's value. The runtime builds it
 * (functions/node/logger.ts: Powertools Logger, secrets redacted) and passes it in.
 */

export type Level = "debug" | "info" | "warn" | "error";

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
