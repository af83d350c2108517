/** Logs each request as one JSON line with a request id (echoed in X-Request-Id), method, path, status and time. */
import type { MiddlewareHandler } from "hono";
import type { Logger } from "../log.ts";

export function requestLog(logger: Logger): MiddlewareHandler {
  return async function requestLog(c, next) {
    const incoming = c.req.header("x-request-id");
    const id = incoming && /^[A-Za-z0-9._-]{1,64}$/.test(incoming) ? incoming : crypto.randomUUID();
    const started = performance.now();
    await next();
    c.header("x-request-id", id);
    logger.info("request", {
      requestId: id,
      method: c.req.method,
      // The path only: query strings can carry cursors or search terms we need not keep.
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}
