/** Logs each request as one JSON line (request id, method, path, status, time) and echoes its id in X-Request-Id. */
import type { MiddlewareHandler } from "hono";
import type { Logger } from "../log.ts";
import { echoRequestId } from "./request-id.ts";

/** Successful public reads are the bulk of traffic (the CDN logs them too): logged at debug, everything else at info. */
const ROUTINE_READ = /^\/(feeds\/|static\/|sw\.js$)/;

/** Whether a path is a routine public read, logged at debug when it succeeds. */
export function isRoutineRead(method: string, path: string, status: number): boolean {
  return (method === "GET" || method === "HEAD") && status < 400 && ROUTINE_READ.test(path);
}

export interface RequestRecord {
  requestId: string;
  method: string;
  /** The path only: query strings can carry cursors or search terms we need not keep. */
  path: string;
  status: number;
  /** performance.now() when the request arrived. */
  started: number;
}

/** Writes a request's line; the Node fast path writes its hits with it too, so the two lines cannot differ. */
export function logRequest(logger: Logger, request: RequestRecord): void {
  const { requestId, method, path, status } = request;
  (isRoutineRead(method, path, status) ? logger.debug : logger.info)("request", {
    requestId,
    method,
    path,
    status,
    ms: Math.round((performance.now() - request.started) * 10) / 10,
  });
}

/** Needs requestIds (./request-id.ts) in front of it; echoes the request id as it logs it. */
export function requestLog(logger: Logger): MiddlewareHandler {
  return async function requestLog(c, next) {
    const started = performance.now();
    await next();
    echoRequestId(c);
    logRequest(logger, { requestId: c.get("requestId"), method: c.req.method, path: c.req.path, status: c.res.status, started });
  };
}
