/** GET /manifest.webmanifest: the web app manifest, built once from the site's configuration. */
import { Hono } from "hono";
import { MANIFEST_PATH, webAppManifest } from "../pages/manifest.ts";
import type { SiteInfo } from "../pages/site.ts";
import type { OpenApiExtension } from "./openapi.ts";

export function manifestRoutes(site: SiteInfo) {
  const app = new Hono();
  let body: string | undefined;
  app.get(MANIFEST_PATH, (c) =>
    c.body((body ??= JSON.stringify(webAppManifest(site))), 200, {
      "content-type": "application/manifest+json; charset=utf-8",
      "cache-control": "public, max-age=3600, stale-while-revalidate=86400",
      "x-content-type-options": "nosniff",
    }),
  );
  return app;
}

/** The OpenAPI description of this route, merged into /openapi.json. */
export const manifestOpenApi: OpenApiExtension = {
  paths: {
    "/manifest.webmanifest": {
      get: { summary: "Web app manifest (Arabic, right to left, standalone) for adding the site to a Home Screen", responses: { "200": { description: "application/manifest+json" } } },
    },
  },
};
