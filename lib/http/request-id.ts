/**
 * Request ids: Hono's requestId middleware with the accepted-id rule of docs/security.md §10 — the caller's
 * X-Request-Id when it is a safe token, else a fresh UUID — echoed in the response's X-Request-Id.
 *
 * Hono's own header handling is switched off (headerName ""): its check of an incoming id is not ours (it takes "=",
 * refuses ".", and changed between 4.9 and 4.13), and its echo is set before the route, so a route that returns a
 * prebuilt Response (feeds, pages, problems) loses it. Our generator applies the rule, which the Node fast path
 * shares (requestIdFor), and the echo is added after the route (by requestLog, one middleware fewer per request)
 * unless the route already put it in its own headers.
 */
import type { Context, MiddlewareHandler } from "hono";
import { requestId } from "hono/request-id";

declare module "hono" {
  interface ContextVariableMap {
    requestIdSent: boolean;
  }
}

export const REQUEST_ID_HEADER = "x-request-id";

const ACCEPTED_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The id of a request: the caller's X-Request-Id when it is a safe token (docs/security.md §10), else a fresh one. */
export function requestIdFor(incoming: string | null | undefined): string {
  return incoming && ACCEPTED_ID.test(incoming) ? incoming : crypto.randomUUID();
}

/** Hono's requestId, with our rule; requestLog (./request-log.ts), right behind it, echoes the id (echoRequestId). */
export function requestIds(): MiddlewareHandler {
  return requestId({ headerName: "", generator: (c) => requestIdFor(c.req.header(REQUEST_ID_HEADER)) });
}

/** Puts the id in the response's X-Request-Id, unless the route already put it in the headers it built. */
export function echoRequestId(c: Context): void {
  // Hot routes put the id in the headers they build (see requestIdHeader); touching c.res.headers afterwards would
  // materialise the Node adapter's lightweight Response (measured: a third of a cached feed's serving time).
  if (c.get("requestIdSent")) return;
  try {
    c.res.headers.set(REQUEST_ID_HEADER, c.get("requestId"));
  } catch {
    c.header(REQUEST_ID_HEADER, c.get("requestId"));
  }
}

/** The request's id, for a route that builds its own headers; marks it sent so it is not added again. */
export function requestIdHeader(c: Context): string | undefined {
  const id = c.get("requestId");
  if (!id) return undefined;
  c.set("requestIdSent", true);
  return id;
}
