import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeCompressors } from "../../functions/node/compress.ts";
import { batchWrite } from "../../lib/store/db.ts";
import { entrySk, SITEMAP_URLS_PK } from "../../lib/store/keys.ts";
import { request, startTestServices, type TestServices } from "../helpers/test-store.ts";
import { findTool } from "../feeds/support/tools.ts";
import { INDEX_XSD, NEWS_XSD, parseIndex, parseUrlSet, URLSET_XSD, validate } from "./support.ts";

const HOUR = 3_600_000;
const START = Date.UTC(2026, 10, 29, 12, 0, 0);
const lint = findTool("xmllint", "libxml2-utils");

const iso = (ms: number) => new Date(ms).toISOString();

describe("sitemaps and robots.txt over HTTP", () => {
  let t: TestServices;
  let clock = START;
  const now = () => new Date(clock);

  /** Publishes an article `hoursAgo` hours before the clock (when the request is sent). */
  async function publish(id: string, hoursAgo: number, title = `خبر ${id}`) {
    const res = await request(t, "/api/articles", {
      method: "POST",
      admin: true,
      json: { id, title, url: `https://anapress.net/a/${id}`, category: "سوريا", publishedAt: iso(clock - hoursAgo * HOUR) },
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
  }

  async function get(path: string, headers: Record<string, string> = {}) {
    const res = await request(t, path, { headers });
    return { res, body: await res.text() };
  }

  beforeAll(async () => {
    t = await startTestServices({ now, compress: nodeCompressors });
    await publish("fresh", 1, "اتفاقية شاملة للتعاون العسكري بين دمشق وطهران.. ورئيس الأركان الإيراني يوجه رسالة لتركيا");
    await publish("day-old", 30);
    await publish("nearly-gone", 47);
    await publish("old", 72);
    await publish("last-year", 24 * 365);
  });
  afterAll(async () => t?.close());

  it("lists the articles of the last 48 hours in the news sitemap, newest first, with Arabic titles byte-exact", async () => {
    const { res, body } = await get("/sitemap-news.xml");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/xml; charset=utf-8");
    const items = await parseUrlSet(body);
    expect(items.map((i) => i.url)).toEqual(["https://anapress.net/a/fresh", "https://anapress.net/a/day-old", "https://anapress.net/a/nearly-gone"]);
    expect(items[0]!.news).toEqual({
      publication: { name: "أنا برس", language: "ar" },
      publication_date: `${iso(START - HOUR).slice(0, 19)}Z`,
      title: "اتفاقية شاملة للتعاون العسكري بين دمشق وطهران.. ورئيس الأركان الإيراني يوجه رسالة لتركيا",
    });
    if (lint) expect(validate(body, NEWS_XSD).status).toBe(0);
  });

  it("drops an article once the clock moves it past 48 hours", async () => {
    clock += 2 * HOUR;
    const items = await parseUrlSet((await get("/sitemap-news.xml")).body);
    expect(items.map((i) => i.url)).toEqual(["https://anapress.net/a/fresh", "https://anapress.net/a/day-old"]);
  });

  it("takes an unpublished article out at once, and shows an edited title at once", async () => {
    expect((await request(t, "/api/articles/day-old", { method: "DELETE", admin: true })).status).toBe(204);
    expect((await request(t, "/api/articles/fresh", { method: "PATCH", admin: true, json: { title: "عنوان معدّل «جديد»" } })).status).toBe(200);
    const items = await parseUrlSet((await get("/sitemap-news.xml")).body);
    expect(items.map((i) => [i.url, i.news?.title])).toEqual([["https://anapress.net/a/fresh", "عنوان معدّل «جديد»"]]);
    const day = await parseUrlSet((await get(`/sitemap-articles-${iso(START - 30 * HOUR).slice(0, 10)}.xml`)).body);
    expect(day.map((i) => i.url)).not.toContain("https://anapress.net/a/day-old");
  });

  it("indexes the news sitemap and one article sitemap per publication day, newest first, with lastmod", async () => {
    const { res, body } = await get("/sitemap.xml");
    expect(res.status).toBe(200);
    if (lint) expect(validate(body, INDEX_XSD).status).toBe(0);
    const index = await parseIndex(body);
    const days = [START - HOUR, START - 30 * HOUR, START - 47 * HOUR, START - 72 * HOUR, START - 24 * 365 * HOUR].map((ms) => iso(ms).slice(0, 10));
    expect(index.map((i) => i.url)).toEqual([
      "https://news.example/sitemap-news.xml",
      ...[...new Set(days)].sort().reverse().map((d) => `https://news.example/sitemap-articles-${d}.xml`),
    ]);
    for (const entry of index) expect(entry.lastmod).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it("serves each day's articles with lastmod, valid against sitemap.xsd, and 404 for a day without any or no such date", async () => {
    const day = iso(START - 24 * 365 * HOUR).slice(0, 10);
    const { res, body } = await get(`/sitemap-articles-${day}.xml`);
    expect(res.status).toBe(200);
    if (lint) expect(validate(body, URLSET_XSD).status).toBe(0);
    expect((await parseUrlSet(body)).map((i) => i.url)).toEqual(["https://anapress.net/a/last-year"]);
    expect((await get("/sitemap-articles-1999-01-01.xml")).res.status).toBe(404);
    expect((await get("/sitemap-articles-2026-02-30.xml")).res.status).toBe(404);
    expect((await get("/sitemap-articles-2026-1-1.xml")).res.status).toBe(404);
  });

  it("serves robots.txt allowing pages and feeds, with the sitemaps by absolute URL", async () => {
    const { res, body } = await get("/robots.txt");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(body).toContain("Allow: /\n");
    expect(body).toContain("Disallow: /api/\n");
    expect(body).toContain("Sitemap: https://news.example/sitemap.xml\nSitemap: https://news.example/sitemap-news.xml\n");
    expect(res.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]+"$/);
  });

  it.each(["/sitemap.xml", "/sitemap-news.xml", "/robots.txt"])("answers %s conditionally: ETag and Last-Modified, 304, HEAD, caching headers", async (path) => {
    const first = await request(t, path);
    const etag = first.headers.get("etag")!;
    expect(first.headers.get("cache-control")).toBe("public, max-age=60, s-maxage=60, stale-while-revalidate=300, stale-if-error=86400");
    expect(first.headers.get("vary")).toBe("Accept-Encoding");
    expect((await request(t, path, { headers: { "if-none-match": etag } })).status).toBe(304);
    expect((await request(t, path, { headers: { "if-modified-since": first.headers.get("last-modified")! } })).status).toBe(304);
    const head = await request(t, path, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("costs no read on a warm cache and one Query per sitemap after the revalidation window", async () => {
    for (const path of ["/sitemap.xml", "/sitemap-news.xml", "/robots.txt"]) await request(t, path);
    t.calls.reset();
    for (const path of ["/sitemap.xml", "/sitemap-news.xml", "/robots.txt"]) await request(t, path);
    expect(t.calls.names).toEqual([]);
    clock += 6_000;
    for (const path of ["/sitemap.xml", "/sitemap-news.xml", "/robots.txt"]) {
      t.calls.reset();
      await request(t, path);
      expect(t.calls.names, path).toEqual(path === "/robots.txt" ? [] : ["Query"]);
    }
  });

  it("serves brotli and gzip that decompress to the identity bytes once a sitemap is big enough to compress", async () => {
    // 1,050 lines written straight into the sitemap index (as 1,050 publishes would), 2 minutes apart, inside 48 hours.
    const lines = Array.from({ length: 1050 }, (_, i) => {
      const at = iso(clock - (i + 1) * 120_000);
      return { PutRequest: { Item: { pk: SITEMAP_URLS_PK, sk: entrySk(at, `bulk-${i}`), id: `bulk-${i}`, live: true, url: `https://anapress.net/a/bulk-${i}`, title: `خبر رقم ${i}`, lang: "ar", publishedAt: at, updatedAt: at, changedAt: at } } };
    });
    await batchWrite(t.store.db, lines);
    clock += 6_000;
    t.calls.reset();
    const plain = await get("/sitemap-news.xml");
    // At most 1,000, newest first (the edited "fresh" article sits among the bulk lines by its publication time).
    const items = await parseUrlSet(plain.body);
    expect(items).toHaveLength(1000);
    expect(items[0]!.url).toBe("https://anapress.net/a/bulk-0");
    expect(items.map((i) => i.url)).toContain("https://anapress.net/a/fresh");
    expect(items[999]!.url).toBe("https://anapress.net/a/bulk-998");
    const dates = items.map((i) => i.news!.publication_date);
    expect(dates).toEqual([...dates].sort().reverse());
    // 1,050 lean lines of ~250 bytes are one 1 MB Query page.
    expect(t.calls.names).toEqual(["Query"]);
    if (lint) expect(validate(plain.body, NEWS_XSD).status).toBe(0);
    const br = await request(t, "/sitemap-news.xml", { headers: { "accept-encoding": "br, gzip" } });
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(brotliDecompressSync(new Uint8Array(await br.arrayBuffer())).toString("utf8")).toBe(plain.body);
    const gz = await request(t, "/sitemap-news.xml", { headers: { "accept-encoding": "gzip" } });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(new Uint8Array(await gz.arrayBuffer())).toString("utf8")).toBe(plain.body);
  });
});
