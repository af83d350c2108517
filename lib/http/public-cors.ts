/**
 * CORS for public reads only (docs/security.md §9): Hono's cors grants any origin GET and HEAD on feeds, lists and
 * articles, the VAPID key and the OpenAPI document, and answers their preflights; writes and admin routes get no CORS
 * header, and a preflight for them a bare 204 that grants nothing.
 */
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";

export const PUBLIC_READ_EXPOSED_HEADERS = "ETag, Last-Modified";

const PUBLIC_READ = /^\/(feeds\/|api\/articles(\/[^/]+)?$|api\/push\/vapid-public-key$|openapi\.json$)/;

const noop = async () => {};

export function publicCors(): MiddlewareHandler {
  // Hono joins list items with ","; one item each keeps the values as they were ("GET, HEAD"), as the feeds' own
  // prebuilt headers and the tests have them.
  const grant = cors({
    origin: "*",
    allowMethods: ["GET, HEAD"],
    allowHeaders: ["If-None-Match, If-Modified-Since"],
    exposeHeaders: [PUBLIC_READ_EXPOSED_HEADERS],
    maxAge: 86400,
  });
  return async function publicCors(c, next) {
    const method = c.req.method;
    if (method === "OPTIONS") return PUBLIC_READ.test(c.req.path) ? grant(c, next) : c.body(null, 204);
    await next();
    // Feed routes send these headers in their prebuilt responses (lib/http/feed-responses.ts). The grant runs after
    // the route, on the response it returned: run before, Hono's cors sets them on a placeholder response that Hono
    // then merges into the route's by rebuilding it around its body (measured: the 30 KB OpenAPI document 2.2× and
    // a small JSON answer 1.5× slower in-process).
    if ((method === "GET" || method === "HEAD") && PUBLIC_READ.test(c.req.path) && !c.req.path.startsWith("/feeds/")) await grant(c, noop);
  };
}
