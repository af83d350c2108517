/** The service's logger (Powertools underneath): the line shape lib/ and its readers rely on, levels, redaction. */
import { describe, expect, it } from "vitest";
import { createLogger } from "../../functions/node/logger.ts";
import { lambdaContext } from "./lambda-events.ts";

const SECRET = "admin-token-0123456789abcdef";

function capture(level: "debug" | "info" | "warn" | "error" | "silent" = "debug") {
  const lines: string[] = [];
  const logger = createLogger({ level, secrets: [SECRET, "short"], write: (line) => lines.push(line), serviceName: "api" });
  return { logger, lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe("the service logger", () => {
  it("writes one JSON line per event: time, lower-case level, message, service, then the fields", () => {
    const { logger, lines, parsed } = capture();
    logger.info("request", { requestId: "r-1", method: "GET", path: "/feeds/سوريا/rss.xml", status: 200, ms: 1.5 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("\n");
    const [line] = parsed();
    expect(line).toEqual({ time: expect.any(String), level: "info", message: "request", service: "api", requestId: "r-1", method: "GET", path: "/feeds/سوريا/rss.xml", status: 200, ms: 1.5 });
    expect(new Date(line!.time as string).toISOString()).toBe(line!.time);
    expect(Object.keys(line!).slice(0, 3)).toEqual(["time", "level", "message"]);
  });

  it("keeps each level's name and drops what is below the configured level", () => {
    const { logger, parsed } = capture("warn");
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    expect(parsed().map((l) => [l.level, l.message])).toEqual([["warn", "w"], ["error", "e"]]);
    const silent = capture("silent");
    silent.logger.error("nothing");
    expect(silent.lines).toEqual([]);
  });

  it("redacts a secret wherever it appears: message, values, nested values, keys, JSON-escaped", () => {
    const quoted = 'quo"ted\\secret-value';
    const lines: string[] = [];
    const logger = createLogger({ level: "info", secrets: [SECRET, quoted], write: (line) => lines.push(line) });
    logger.info(`token ${SECRET}`, { a: `x ${SECRET} y`, b: { c: [quoted] }, [SECRET]: 1 });
    expect(lines.join("\n")).not.toContain(SECRET);
    expect(JSON.parse(lines[0]!)).toMatchObject({ message: "token [redacted]", a: "x [redacted] y", b: { c: ["[redacted]"] }, "[redacted]": 1 });
  });

  it("leaves secrets shorter than 8 characters alone rather than redacting common words", () => {
    const { logger, parsed } = capture();
    logger.info("a short message");
    expect(parsed()[0]!.message).toBe("a short message");
  });

  it("tags lines with the Lambda invocation once its context is added", () => {
    const { logger, parsed } = capture();
    const context = lambdaContext();
    logger.powertools.addContext(context as never);
    logger.warn("store unavailable", { path: "/api/articles" });
    expect(parsed()[0]).toMatchObject({ level: "warn", function_name: context.functionName, function_request_id: context.awsRequestId, cold_start: expect.any(Boolean), path: "/api/articles" });
  });
});
