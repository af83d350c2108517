/**
 * The feed format registry (lib/feeds/formats.ts) is the only list of formats: every entry is routed (by the app and
 * by the Node fast path), linked from the pages, documented in OpenAPI, pinged to the WebSub hub and answered in the
 * right profile for a browser. A new entry passes this file with no other change, or it shows where one is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedOfPath, feedPath } from "../../lib/feeds/feed-paths.ts";
import { FEED_FORMATS, FORMATS } from "../../lib/feeds/formats.ts";
import { createLogger } from "../../functions/node/logger.ts";
import { ALL_FEED, categoryFeed, tagFeed } from "../../lib/store/keys.ts";
import { createWebSubPublisher, type WebSubPublisher } from "../../lib/websub/index.ts";
import { request, startTestServices, type TestServices } from "../helpers/test-store.ts";

const CATEGORY = "سوريا";
const TAG = "إيران";
const FEEDS = [ALL_FEED, categoryFeed(CATEGORY), tagFeed(TAG)];

describe("every format in the registry", () => {
  let t: TestServices;
  let publisher: WebSubPublisher;
  const pinged: string[] = [];

  beforeAll(async () => {
    publisher = createWebSubPublisher({
      hubUrl: "https://hub.example/",
      baseUrl: "https://news.example",
      fetch: async (_url, init) => {
        pinged.push(new URLSearchParams(String(init.body)).get("hub.url")!);
        return new Response(null, { status: 204 });
      },
      sleep: async () => {},
      random: () => 0,
      logger: createLogger({ level: "silent", write: () => {} }),
    });
    t = await startTestServices({ listeners: [publisher.listener] });
    const res = await request(t, "/api/articles", {
      method: "POST",
      admin: true,
      json: { id: "registry-1", title: "خبر لكل صيغة", url: "https://anapress.net/a/registry-1", category: CATEGORY, tags: [TAG] },
    });
    expect(res.status).toBe(201);
    await publisher.idle();
  });
  afterAll(async () => t.close());

  for (const format of FEED_FORMATS) {
    const info = FORMATS[format];

    describe(`${format} (${info.file})`, () => {
      it("is served for the site, a category, a tag and a search, with its media type", async () => {
        for (const path of [...FEEDS.map((feed) => feedPath(feed, format)), `/feeds/search/${info.file}?q=${encodeURIComponent("خبر")}`]) {
          const res = await request(t, path);
          expect(res.status, path).toBe(200);
          expect(res.headers.get("content-type"), path).toBe(info.contentType);
          expect(await res.text(), path).toContain("خبر لكل صيغة");
        }
      });

      it("is routed by the Node fast path, which reads its paths back to the same feed and format", async () => {
        for (const feed of FEEDS) {
          const path = feedPath(feed, format);
          expect(feedOfPath(path)).toEqual({ feed, format });
          await request(t, path);
          expect(t.feedFastPath("GET", path, {}), path).toBeDefined();
        }
      });

      it("answers a browser navigation in a type the browser renders (XML ones as application/xml)", async () => {
        const res = await request(t, feedPath(ALL_FEED, format), { headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" } });
        expect(res.headers.get("content-type")).toBe(info.xml ? "application/xml; charset=utf-8" : info.contentType);
        const reader = await request(t, feedPath(ALL_FEED, format), { headers: { accept: `${info.mediaType}, text/html;q=0.1` } });
        expect(reader.headers.get("content-type")).toBe(info.contentType);
      });

      it("is linked from the pages: an alternate link in the head and a subscribe link, for the site and the category", async () => {
        for (const page of ["/", `/category/${encodeURIComponent(CATEGORY)}`]) {
          const body = await (await request(t, page)).text();
          for (const feed of [ALL_FEED, categoryFeed(CATEGORY)]) {
            const href = `https://news.example${feedPath(feed, format)}`;
            expect(body, page).toMatch(new RegExp(`<link rel="alternate" type="${info.mediaType.replace("+", "\\+")}" title="[^"]+ \\(${info.label}\\)" href="${href}">`));
            expect(body, page).toContain(`<a class="feed-link feed-${format}" type="${info.mediaType}" href="${href}" dir="ltr">${info.label}</a>`);
          }
        }
      });

      it("is documented in OpenAPI: its file name among the feed paths' files, its media type among their answers", async () => {
        const doc = await (await request(t, "/openapi.json")).json();
        for (const path of ["/feeds/{file}", "/feeds/category/{name}/{file}", "/feeds/tag/{name}/{file}", "/feeds/search/{file}"]) {
          const get = doc.paths[path].get;
          expect(get.parameters.find((p: { name: string }) => p.name === "file").schema.enum, path).toContain(info.file);
          expect(Object.keys(get.responses["200"].content), path).toContain(info.mediaType);
          expect(get.responses["200"].description, path).toContain(info.spec);
        }
      });

      it("is pinged to the WebSub hub for each changed feed", () => {
        for (const feed of FEEDS) expect(pinged).toContain(`https://news.example${feedPath(feed, format)}`);
      });

      it("is named when a feed file is unknown", async () => {
        const res = await request(t, "/feeds/feed.txt");
        expect(res.status).toBe(404);
        expect((await res.json()).detail).toContain(info.file);
      });
    });
  }
});
