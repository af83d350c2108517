/** CORS for public reads only: any origin may GET feeds, lists and articles; admin routes send no CORS headers. */
import type { MiddlewareHandler } from "hono";

const PUBLIC_READ = /^\/(feeds\/|api\/articles(\/[^/]+)?$|api\/push\/vapid-public-key$|openapi\.json$)/;

export function publicCors(): MiddlewareHandler {
  return async function publicCors(c, next) {
    const isPublic = PUBLIC_READ.test(c.req.path);
    if (c.req.method === "OPTIONS") {
      // Preflights for reads are answered; for anything else the browser gets no grant and blocks the call.
      if (!isPublic) return c.body(null, 204);
      return c.body(null, 204, {
        "access-control-allow-origin": "*",
        "access-control-allow-methods": "GET, HEAD",
        "access-control-allow-headers": "If-None-Match, If-Modified-Since",
        "access-control-max-age": "86400",
      });
    }
    await next();
    // Feed routes send these headers themselves, sparing their hot path a rebuild of the response.
    if (isPublic && (c.req.method === "GET" || c.req.method === "HEAD") && !c.req.path.startsWith("/feeds/")) {
      c.res.headers.set("access-control-allow-origin", "*");
      c.res.headers.set("access-control-expose-headers", "ETag, Last-Modified");
    }
  };
}
