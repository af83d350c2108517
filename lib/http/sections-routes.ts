/** /api/sections: the public sections list, and the newsroom's order and hidden list (admin). */
import { Hono, type MiddlewareHandler } from "hono";
import { labelSchema } from "../articles/schema.ts";
import type { RenderCache } from "../feeds/render-cache.ts";
import type { Store } from "../store/index.ts";
import { z, zodProblems } from "../validation.ts";
import { cachedResponse, responseProfile, type CachePolicy } from "./cached-response.ts";
import { jsonBodyLimit, readJsonBody } from "./json-body.ts";
import type { OpenApiExtension } from "./openapi.ts";
import { badRequest } from "./problem.ts";
import { requestIdHeader } from "./request-id.ts";
import { SECTIONS_KEY, type SectionsSource } from "./sections.ts";

export interface SectionsRoutesDeps {
  store: Store;
  cache: RenderCache;
  sections: SectionsSource;
  admin: MiddlewareHandler;
  policy: CachePolicy;
  maxBodyBytes: number;
}

/** More than any newsroom's menu; bounds the item the settings are stored in. */
const MAX_SECTIONS = 100;

const names = z.array(labelSchema).check(
  z.maxLength(MAX_SECTIONS),
  z.refine((list) => new Set(list.map((n) => n.normalize("NFC"))).size === list.length, { message: "must not repeat a name" }),
);
const settingsSchema = z.strictObject({ order: names, hidden: z.optional(names) });

export function sectionsRoutes(deps: SectionsRoutesDeps) {
  const app = new Hono();
  const profile = responseProfile("application/json; charset=utf-8", deps.policy);

  app.get("/", async (c) => cachedResponse(c.req.raw, await deps.sections.document(), profile, requestIdHeader(c)));

  app.put("/", deps.admin, jsonBodyLimit(deps.maxBodyBytes), async (c) => {
    const body = await readJsonBody(c);
    if (!body.ok) return body.response;
    const parsed = settingsSchema.safeParse(body.value);
    if (!parsed.success) return badRequest("The sections settings are invalid.", zodProblems(parsed.error.issues));
    // Stored as categories are (NFC), so a name typed on another keyboard still matches its articles.
    const nfc = (list: string[] = []) => list.map((n) => n.normalize("NFC"));
    await deps.store.sections.configure({ order: nfc(parsed.data.order), hidden: nfc(parsed.data.hidden) });
    deps.cache.invalidate([SECTIONS_KEY]);
    const doc = await deps.sections.document();
    return c.body(doc.body as Uint8Array<ArrayBuffer>, 200, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  });

  return app;
}

const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } });
const { $schema: _ignored, ...settingsJsonSchema } = z.toJSONSchema(settingsSchema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as Record<string, unknown>;

/** The OpenAPI description of these routes, merged into /openapi.json. */
export const sectionsOpenApi: OpenApiExtension = {
  paths: {
    "/api/sections": {
      get: {
        summary: "The site's sections in the newsroom's order (menus, alert topics), with the order and hidden list; ETag and 304",
        responses: {
          "200": {
            description: "{ items: [{ name, url }], order, hidden }",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Sections" } } },
          },
          "304": { description: "Not modified" },
        },
      },
      put: {
        summary: "Set the sections' order (named ones first, the rest alphabetically) and the ones never shown",
        security: [{ bearer: [] }],
        requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/SectionSettings" } } } },
        responses: {
          "200": { description: "The new list", content: { "application/json": { schema: { $ref: "#/components/schemas/Sections" } } } },
          "400": problem("Invalid settings"), "401": problem("Missing or wrong token"), "429": problem("Too many wrong tokens from this address"),
          "413": problem("Body too large"), "415": problem("Not JSON"),
        },
      },
    },
  },
  schemas: {
    SectionSettings: settingsJsonSchema,
    Sections: {
      type: "object",
      required: ["items", "order", "hidden"],
      properties: {
        items: { type: "array", items: { type: "object", required: ["name", "url"], properties: { name: { type: "string" }, url: { type: "string", format: "uri" } } } },
        order: { type: "array", items: { type: "string" } },
        hidden: { type: "array", items: { type: "string" } },
      },
    },
  },
};
