/** lib's Logger over Powertools for AWS Lambda: structured JSON with the invocation's context, secrets redacted. */
import { Logger as PowertoolsLogger } from "@aws-lambda-powertools/logger";
import type { Logger } from "../../lib/log.ts";

const LEVELS = { debug: "DEBUG", info: "INFO", warn: "WARN", error: "ERROR", silent: "SILENT" } as const;

/** Replaces each secret (raw or as it appears inside a JSON string) with a marker. */
export function redactor(secrets: string[]): <T>(value: T) => T {
  const needles = secrets.filter((s) => s.length >= 8).flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]);
  if (needles.length === 0) return (value) => value;
  const scrub = (text: string) => needles.reduce((out, needle) => out.split(needle).join("[redacted]"), text);
  return (value) => JSON.parse(scrub(JSON.stringify(value) ?? "null")) as typeof value;
}

export interface LambdaLogger extends Logger {
  /** The Powertools logger underneath, for `addContext(context)` at the start of an invocation. */
  powertools: PowertoolsLogger;
}

export function createLambdaLogger(options: { level: keyof typeof LEVELS; secrets: string[]; serviceName?: string }): LambdaLogger {
  const powertools = new PowertoolsLogger({ serviceName: options.serviceName ?? "arabic-news-feeds", logLevel: LEVELS[options.level] });
  const redact = redactor(options.secrets);
  const at = (level: "debug" | "info" | "warn" | "error") => (message: string, fields: Record<string, unknown> = {}) =>
    powertools[level](redact(message), redact(fields));
  return { powertools, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
