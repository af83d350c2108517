/** The OpenAPI 3.1 document, built from the same zod schemas that validate requests, so it cannot drift from them. */
import { z, type ZodType } from "../validation.ts";
import { articleInputSchema, articlePatchSchema } from "../articles/schema.ts";
import { eachFormat, FEED_FORMATS, FORMATS } from "../feeds/formats.ts";
import { subscriptionSchema } from "../push/subscription.ts";

type JsonSchema = Record<string, unknown>;

/** Extra request-body schemas contributed by other route modules (push subscriptions, …). */
export interface OpenApiExtension {
  paths: Record<string, Record<string, unknown>>;
  schemas?: Record<string, JsonSchema>;
}

const schemaOf = (schema: ZodType): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as JsonSchema;
  return rest;
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema) => ({ "application/json": { schema } });
const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ref("Problem") } } });
const idParam = { name: "id", in: "path", required: true, schema: { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$" } };
const feedFile = { name: "file", in: "path", required: true, schema: { type: "string", enum: FEED_FORMATS.map((f) => FORMATS[f].file) } };
const feedResponses = {
  "200": {
    description: `The feed (${eachFormat((f) => f.spec)}), with ETag and Last-Modified`,
    content: Object.fromEntries(FEED_FORMATS.map((f) => [FORMATS[f].mediaType, {}])),
  },
  "304": { description: "Not modified (If-None-Match / If-Modified-Since)" },
  "400": problem("Invalid cursor or limit"),
  "404": problem("No such feed"),
};
const sitemapResponses = {
  "200": { description: "Sitemap XML (sitemaps.org 0.9), with ETag and Last-Modified", content: { "application/xml": {} } },
  "304": { description: "Not modified (If-None-Match / If-Modified-Since)" },
};
const pageParams = [
  { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 100 } },
  { name: "cursor", in: "query", schema: { type: "string" } },
];
const admin = [{ bearer: [] }];

export function buildOpenApi(baseUrl: string, extensions: OpenApiExtension[] = []) {
  const articleSchema: JsonSchema = {
    ...schemaOf(articleInputSchema),
    required: ["id", "title", "url", "summary", "contentHtml", "tags", "publishedAt", "updatedAt", "views", "lang", "breaking"],
  };
  (articleSchema.properties as Record<string, unknown>).updatedAt = { type: "string", format: "date-time", readOnly: true };
  (articleSchema.properties as Record<string, unknown>).views = { type: "integer", minimum: 0, readOnly: true };
  const paths: Record<string, Record<string, unknown>> = {
    "/health": { get: { summary: "Liveness and store reachability", responses: { "200": { description: "ok" }, "503": problem("Store unreachable") } } },
    "/api/articles": {
      get: {
        summary: "Latest articles, newest first",
        parameters: [...pageParams, { name: "category", in: "query", schema: { type: "string" } }, { name: "tag", in: "query", schema: { type: "string" } }],
        responses: { "200": { description: "A page", content: json({ type: "object", properties: { items: { type: "array", items: ref("Article") }, nextCursor: { type: ["string", "null"] } } }) }, "400": problem("Invalid query") },
      },
      post: {
        summary: "Publish (or re-publish by id)",
        security: admin,
        requestBody: { required: true, content: json(ref("ArticleInput")) },
        responses: {
          "201": { description: "Created", content: json(ref("Article")) },
          "200": { description: "Same id again: unchanged or updated", content: json(ref("Article")) },
          "400": problem("Invalid article"), "401": problem("Missing or wrong token"), "429": problem("Too many wrong tokens from this address"), "409": problem("Concurrent edit"),
          "413": problem("Body too large"), "415": problem("Not JSON"),
        },
      },
    },
    "/api/articles/{id}": {
      get: { summary: "One article with its exact view count", parameters: [idParam], responses: { "200": { description: "The article", content: json(ref("Article")) }, "404": problem("Unknown"), "410": problem("Unpublished") } },
      patch: {
        summary: "Partial update; null clears an optional field",
        security: admin,
        parameters: [idParam],
        requestBody: { required: true, content: json(ref("ArticlePatch")) },
        responses: { "200": { description: "Updated", content: json(ref("Article")) }, "400": problem("Invalid change"), "401": problem("Missing or wrong token"), "429": problem("Too many wrong tokens from this address"), "404": problem("Unknown") },
      },
      delete: { summary: "Unpublish", security: admin, parameters: [idParam], responses: { "204": { description: "Unpublished" }, "401": problem("Missing or wrong token"), "429": problem("Too many wrong tokens from this address"), "404": problem("Unknown") } },
    },
    "/api/articles/{id}/views": {
      post: { summary: "Count a view", parameters: [idParam], responses: { "200": { description: "The new total", content: json({ type: "object", properties: { views: { type: "integer" } } }) }, "404": problem("Unknown") } },
    },
    "/api/articles/{id}/push-stats": {
      get: {
        summary: "Delivery counters of the article's push notification",
        security: admin,
        parameters: [idParam],
        responses: {
          "200": { description: "The notification's state, counters and click-throughs", content: json(ref("PushStats")) },
          "401": problem("Missing or wrong token"), "429": problem("Too many wrong tokens from this address"),
          "404": problem("No notification for this article"),
        },
      },
    },
    "/api/push/vapid-public-key": {
      get: { summary: "The VAPID application server key", responses: { "200": { description: "{ publicKey }", content: json({ type: "object", properties: { publicKey: { type: "string" } } }) }, "503": problem("Push not configured") } },
    },
    "/api/push/subscriptions": {
      post: {
        summary: "Subscribe a browser (PushSubscription JSON + topics, timeZone, quietHours); rate-limited per client",
        requestBody: { required: true, content: json(ref("PushSubscription")) },
        responses: { "201": { description: "Subscribed" }, "200": { description: "Updated" }, "400": problem("Invalid subscription"), "429": problem("Too many attempts") },
      },
      delete: {
        summary: "Unsubscribe by endpoint (204 whether or not it existed)",
        requestBody: { required: true, content: json({ type: "object", required: ["endpoint"], properties: { endpoint: { type: "string" } } }) },
        responses: { "204": { description: "Unsubscribed" }, "400": problem("No endpoint"), "429": problem("Too many attempts") },
      },
    },
    "/push/open/{id}": {
      get: {
        summary: "Click-through of a push alert (its navigate): counts one click per subscription, then redirects to the article",
        description:
          "Public, no personal data: `s` is the alert's click tag (unlinkable to the subscription and across articles). A tag this " +
          "service made counts once per subscription and article (at most PUSH_CLICK_RATE_PER_MINUTE counted clicks per address); " +
          "without one the click is redirected but not counted. The redirect goes only to the article's stored URL, with the " +
          "PUSH_UTM parameters it does not already carry.",
        parameters: [idParam, { name: "s", in: "query", schema: { type: "string", pattern: "^[A-Za-z0-9_-]{20}$" } }],
        responses: {
          "302": { description: "To the article URL", headers: { Location: { schema: { type: "string", format: "uri" } } } },
          "404": { description: "HTML: no such article" },
          "410": { description: "HTML: the article was unpublished" },
          "503": problem("Store unreachable"),
        },
      },
    },
    "/feeds/{file}": { get: { summary: "The headline feed", parameters: [feedFile, ...pageParams], responses: feedResponses } },
    "/feeds/category/{name}/{file}": { get: { summary: "A category's feed", parameters: [{ name: "name", in: "path", required: true, schema: { type: "string" } }, feedFile, ...pageParams], responses: feedResponses } },
    "/feeds/tag/{name}/{file}": { get: { summary: "A tag's feed", parameters: [{ name: "name", in: "path", required: true, schema: { type: "string" } }, feedFile, ...pageParams], responses: feedResponses } },
    "/feeds/search/{file}": { get: { summary: "Arabic-aware search over the newest articles", parameters: [feedFile, { name: "q", in: "query", required: true, schema: { type: "string", maxLength: 200 } }], responses: feedResponses } },
    "/": { get: { summary: "Arabic headline page (HTML)", responses: { "200": { description: "HTML" } } } },
    "/category/{name}": { get: { summary: "A category's headline page (HTML)", parameters: [{ name: "name", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "HTML" }, "404": { description: "HTML" } } } },
    "/articles/{id}": { get: { summary: "An article page (HTML)", parameters: [idParam], responses: { "200": { description: "HTML" }, "404": { description: "HTML" }, "410": { description: "HTML" } } } },
    "/static/{name}": { get: { summary: "Static assets (style, scripts, the feeds' browser view, icon)", parameters: [{ name: "name", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "The file" }, "404": problem("No such file") } } },
    "/sw.js": { get: { summary: "The Web Push service worker", responses: { "200": { description: "JavaScript" } } } },
    "/openapi.json": { get: { summary: "This document", responses: { "200": { description: "OpenAPI 3.1" } } } },
    "/robots.txt": { get: { summary: "Crawler rules: pages and feeds allowed, the API not; lists the sitemaps", responses: { "200": { description: "text/plain", content: { "text/plain": {} } }, "304": { description: "Not modified" } } } },
    "/sitemap.xml": { get: { summary: "Sitemap index: the news sitemap and one article sitemap per publication day (UTC), newest first, with lastmod", responses: sitemapResponses } },
    "/sitemap-news.xml": { get: { summary: "Google News sitemap: articles published in the last 48 hours, newest first, at most 1,000", responses: sitemapResponses } },
    "/{file}": {
      get: {
        summary: "Article sitemap of one publication day (UTC): sitemap-articles-YYYY-MM-DD.xml, listed by the index",
        parameters: [{ name: "file", in: "path", required: true, schema: { type: "string", pattern: "^sitemap-articles-\\d{4}-\\d{2}-\\d{2}\\.xml$" } }],
        responses: { ...sitemapResponses, "404": problem("No article was published that day") },
      },
    },
  };
  const schemas: Record<string, JsonSchema> = {
    ArticleInput: schemaOf(articleInputSchema),
    ArticlePatch: schemaOf(articlePatchSchema),
    PushSubscription: schemaOf(subscriptionSchema()),
    Article: articleSchema,
    PushStats: {
      type: "object",
      required: ["articleId", "state", "attempted", "delivered", "expired", "failed", "retried", "held", "clicked", "clickThroughRate", "batches"],
      properties: {
        articleId: { type: "string" },
        state: { type: "string", enum: ["pending", "fanning", "fanned", "done", "cancelled"] },
        attempted: { type: "integer", minimum: 0 },
        delivered: { type: "integer", minimum: 0, description: "Accepted by the push service (2xx)" },
        expired: { type: "integer", minimum: 0, description: "404/410: the subscription was removed" },
        failed: { type: "integer", minimum: 0 },
        retried: { type: "integer", minimum: 0 },
        held: { type: "integer", minimum: 0, description: "Held for the reader's quiet hours" },
        clicked: { type: "integer", minimum: 0, description: "Subscriptions that opened the alert (once each)" },
        clickThroughRate: { type: ["number", "null"], minimum: 0, description: "clicked / delivered, 4 decimals; null before any delivery" },
        batches: { type: "object", properties: { total: { type: "integer" }, done: { type: "integer" } } },
      },
    },
    Problem: {
      type: "object",
      required: ["type", "title", "status"],
      properties: {
        type: { type: "string" }, title: { type: "string" }, status: { type: "integer" }, detail: { type: "string" },
        errors: { type: "array", items: { type: "object", properties: { pointer: { type: "string" }, detail: { type: "string" } } } },
      },
    },
  };
  for (const extension of extensions) {
    for (const [path, operations] of Object.entries(extension.paths)) paths[path] = { ...paths[path], ...operations };
    Object.assign(schemas, extension.schemas ?? {});
  }
  return {
    openapi: "3.1.0",
    info: { title: "Arabic news feeds and Web Push", version: "1.0.0", description: "Publishing API, Arabic RSS/Atom/JSON feeds and Web Push alerts." },
    servers: [{ url: baseUrl }],
    paths,
    components: { schemas, securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "ADMIN_TOKEN" } } },
  };
}
