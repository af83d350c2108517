/** Logs each request as one JSON line with a request id (echoed in X-Request-Id), method, path, status and time. */
import type { Context, MiddlewareHandler } from "hono";
import type { Logger } from "../log.ts";

/** Successful public reads are the bulk of traffic (the CDN logs them too): logged at debug, everything else at info. */
const ROUTINE_READ = /^\/(feeds\/|static\/|sw\.js$)/;

declare module "hono" {
  interface ContextVariableMap {
    requestId: string;
    requestIdSent: boolean;
  }
}

/** The request's id, for a route that builds its own headers; marks it sent so the logger does not add it again. */
export function requestIdHeader(c: Context): string | undefined {
  const id = c.get("requestId");
  if (!id) return undefined;
  c.set("requestIdSent", true);
  return id;
}

const VALID_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The id of a request: the caller's X-Request-Id when it is a safe token (docs/security.md §10), else a fresh one. */
export function requestIdFor(incoming: string | null | undefined): string {
  return incoming && VALID_ID.test(incoming) ? incoming : crypto.randomUUID();
}

/** Whether a path is a routine public read, logged at debug when it succeeds. */
export function isRoutineRead(method: string, path: string, status: number): boolean {
  return (method === "GET" || method === "HEAD") && status < 400 && ROUTINE_READ.test(path);
}

export function requestLog(logger: Logger): MiddlewareHandler {
  return async function requestLog(c, next) {
    const id = requestIdFor(c.req.header("x-request-id"));
    const started = performance.now();
    c.set("requestId", id);
    await next();
    // Hot routes put the id in the headers they build (see requestIdHeader); touching c.res.headers afterwards would
    // materialise the Node adapter's lightweight Response (measured: a third of a cached feed's serving time).
    if (!c.get("requestIdSent")) {
      try {
        c.res.headers.set("x-request-id", id);
      } catch {
        c.header("x-request-id", id);
      }
    }
    const status = c.res.status;
    (isRoutineRead(c.req.method, c.req.path, status) ? logger.debug : logger.info)("request", {
      requestId: id,
      method: c.req.method,
      // The path only: query strings can carry cursors or search terms we need not keep.
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}
