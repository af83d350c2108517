/** Static assets (style, scripts, service worker, the feeds' browser view, icon), read through a loader each runtime passes in. */
import { Hono } from "hono";
import { LRUCache } from "lru-cache";
import { CONTENT_SECURITY_POLICY } from "./security-headers.ts";
import { notFound } from "./problem.ts";

/** Returns the bytes of a file in public/, or undefined when there is none. */
export type AssetLoader = (name: string) => Promise<Uint8Array | undefined>;

const TYPES: Record<string, string> = {
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  png: "image/png",
  svg: "image/svg+xml",
  webmanifest: "application/manifest+json",
};

const SAFE_NAME = /^[a-z0-9][a-z0-9-]*\.(css|js|png|svg|webmanifest)$/;

export function staticRoutes(loadAsset: AssetLoader) {
  const app = new Hono();
  // Misses are remembered too (false), so the bound matters: any name of the safe shape can be asked for.
  const cache = new LRUCache<string, Uint8Array | false>({ max: 128 });

  async function serve(name: string, headers: Record<string, string>): Promise<Response> {
    if (!SAFE_NAME.test(name)) return notFound();
    let body = cache.get(name);
    if (body === undefined) cache.set(name, (body = (await loadAsset(name)) ?? false));
    if (!body) return notFound();
    const type = TYPES[name.split(".").pop()!]!;
    return new Response(body as Uint8Array<ArrayBuffer>, {
      headers: { "content-type": type, "content-length": String(body.byteLength), "x-content-type-options": "nosniff", ...headers },
    });
  }

  app.get("/static/:name", (c) =>
    serve(c.req.param("name"), { "cache-control": "public, max-age=3600, stale-while-revalidate=86400", "access-control-allow-origin": "*" }),
  );
  // The service worker must be served from the root to control every page; browsers re-check it often.
  app.get("/sw.js", () =>
    serve("sw.js", { "cache-control": "no-cache", "content-security-policy": CONTENT_SECURITY_POLICY }),
  );
  return app;
}
