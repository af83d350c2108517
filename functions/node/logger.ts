/**
 * The service's one logger, for the local server and every Lambda: Powertools Logger (levels, the invocation's Lambda
 * context, JSON lines) with one redaction rule for secrets. lib/ sees only its `Logger` interface; this is built here
 * and passed in.
 */
import { LogFormatter, LogItem, LogLevelThreshold, Logger as PowertoolsLogger } from "@aws-lambda-powertools/logger";
import type { LogAttributes, UnformattedAttributes } from "@aws-lambda-powertools/logger/types";
import type { Level, Logger } from "../../lib/log.ts";

const LEVELS = { debug: "DEBUG", info: "INFO", warn: "WARN", error: "ERROR", silent: "SILENT" } as const;

export interface LoggerOptions {
  level: Level | "silent";
  /** Values that must never appear in a log line (admin token, VAPID private key, a hub URL carrying credentials). */
  secrets?: readonly string[];
  /** Where each line goes: stdout by default (CloudWatch, in a Lambda); an array in tests. */
  write?: (line: string) => void;
  /** The `service` of every line: the Lambda's name, or the local server's. */
  serviceName?: string;
}

export interface ServiceLogger extends Logger {
  /** The Powertools logger underneath, for `addContext(context)` at the start of an invocation. */
  powertools: PowertoolsLogger;
}

/**
 * The one redaction rule: every secret of 8 characters or more, raw or as JSON escapes it inside a string, becomes
 * "[redacted]" wherever it appears in a line (values, keys, the message).
 */
export function redactor(secrets: readonly string[]): (line: string) => string {
  const needles = [...new Set(secrets.filter((s) => s.length >= 8).flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]))];
  if (needles.length === 0) return (line) => line;
  return (line) => needles.reduce((out, needle) => (out.includes(needle) ? out.split(needle).join("[redacted]") : out), line);
}

/**
 * Lines as the service has always written them (tests and log queries read them so): `time`, a lower-case `level`,
 * `message`, `service`, inside an invocation Powertools' Lambda context keys, then the event's own fields.
 */
class ServiceLogFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, fields: LogAttributes): LogItem {
    const context = attributes.lambdaContext;
    return new LogItem({
      attributes: {
        time: attributes.timestamp.toISOString(),
        level: attributes.logLevel.toLowerCase(),
        message: attributes.message,
        service: attributes.serviceName,
        cold_start: context?.coldStart,
        function_name: context?.functionName,
        function_request_id: context?.awsRequestId,
        xray_trace_id: attributes.xRayTraceId,
        ...fields,
      },
    });
  }
}

export function createLogger(options: LoggerOptions): ServiceLogger {
  const write = options.write ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const redact = redactor(options.secrets ?? []);
  // Powertools prints through a Console of its own; lines go to `write` instead, redacted, so tests read what
  // production writes. A class per logger, since Powertools may print from inside its constructor.
  class RedactingLogger extends PowertoolsLogger {
    protected override printLog(_level: number, log: LogItem): void {
      write(redact(JSON.stringify(log.getAttributes(), this.getJsonReplacer())));
    }
  }
  const powertools = new RedactingLogger({
    serviceName: options.serviceName ?? "arabic-news-feeds",
    logLevel: LEVELS[options.level],
    logFormatter: new ServiceLogFormatter(),
  });
  const at = (level: Level) => {
    const threshold = LogLevelThreshold[LEVELS[level]];
    return (message: string, fields?: Record<string, unknown>) => {
      // Routine reads log at debug: when that is off, the call costs a comparison, not a log item.
      if (threshold < powertools.level) return;
      powertools[level](message, fields ?? {});
    };
  };
  return { powertools, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
