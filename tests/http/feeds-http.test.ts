import { execFileSync } from "node:child_process";
import { gunzipSync, brotliDecompressSync } from "node:zlib";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeCompressors } from "../../functions/node/compress.ts";
import { CONTENT_SECURITY_POLICY } from "../../lib/http/security-headers.ts";
import { startTestServices, request, type TestServices } from "../helpers/test-store.ts";

const SYRIA = encodeURIComponent("سوريا");
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" });

describe("feeds over HTTP", () => {
  let t: TestServices;
  let clock = Date.UTC(2026, 10, 29, 8, 0, 0);
  const now = () => new Date(clock);

  beforeAll(async () => {
    t = await startTestServices({ now, compress: nodeCompressors });
    for (let i = 0; i < 7; i++) {
      const res = await request(t, "/api/articles", {
        method: "POST",
        admin: true,
        json: {
          id: `feed-${i}`,
          title: i === 0 ? "واشنطن تؤكد استعدادها لدعم تركيا فيما يخص إدلب" : `خبر سوري رقم ${i}`,
          url: `https://anapress.net/a/${i}`,
          summary: "ملخص الخبر",
          contentHtml: "<p>نص <b>الخبر</b></p>",
          category: i % 2 === 0 ? "سوريا" : "تركيا",
          tags: ["أخبار"],
          imageUrl: `https://anapress.net/i/${i}.jpg`,
          publishedAt: `2020-07-08T1${i}:00:00Z`,
        },
      });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => t.close());

  it("serves RSS, Atom and JSON Feed with their media types, charset and caching headers", async () => {
    for (const [file, type] of [["rss.xml", "application/rss+xml"], ["atom.xml", "application/atom+xml"], ["feed.json", "application/feed+json"]]) {
      const res = await request(t, `/feeds/${file}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(`${type}; charset=utf-8`);
      expect(res.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]+"$/);
      expect(res.headers.get("last-modified")).toBeTruthy();
      expect(res.headers.get("vary")).toContain("Accept-Encoding");
      expect(res.headers.get("cache-control")).toBe("public, max-age=60, s-maxage=60, stale-while-revalidate=300, stale-if-error=86400");
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
    }
  });

  it("answers 304 to If-None-Match and If-Modified-Since, and 200 to a stale validator", async () => {
    const first = await request(t, "/feeds/rss.xml");
    const etag = first.headers.get("etag")!;
    const lastModified = first.headers.get("last-modified")!;
    const byTag = await request(t, "/feeds/rss.xml", { headers: { "if-none-match": etag } });
    expect(byTag.status).toBe(304);
    expect(byTag.headers.get("etag")).toBe(etag);
    expect(byTag.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await byTag.text()).toBe("");
    expect((await request(t, "/feeds/rss.xml", { headers: { "if-none-match": `W/${etag}` } })).status).toBe(304);
    expect((await request(t, "/feeds/rss.xml", { headers: { "if-modified-since": lastModified } })).status).toBe(304);
    expect((await request(t, "/feeds/rss.xml", { headers: { "if-none-match": '"other"' } })).status).toBe(200);
    // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
    expect((await request(t, "/feeds/rss.xml", { headers: { "if-none-match": '"other"', "if-modified-since": lastModified } })).status).toBe(200);
  });

  it("labels XML feeds application/xml for a browser navigation so the CSS and view script apply, and varies on Accept", async () => {
    const browser = await request(t, "/feeds/rss.xml", { headers: { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" } });
    expect(browser.headers.get("content-type")).toBe("application/xml; charset=utf-8");
    expect(browser.headers.get("vary")).toBe("Accept, Accept-Encoding");
    expect(browser.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
    const body = await browser.text();
    expect(body).toContain('<?xml-stylesheet type="text/css" href="https://news.example/static/feed.css"?>');
    expect(body).toContain('<script xmlns="http://www.w3.org/1999/xhtml" src="https://news.example/static/feed-view.js" data-time-zone="Asia/Damascus"/>');
    expect(body).not.toContain("text/xsl");
    const reader = await request(t, "/feeds/rss.xml", { headers: { accept: "application/rss+xml, application/xml;q=0.9, text/html;q=0.1" } });
    expect(reader.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
  });

  it("answers HEAD with the headers and no body", async () => {
    const res = await request(t, "/feeds/atom.xml", { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBeTruthy();
    expect(await res.text()).toBe("");
  });

  it("serves pre-compressed brotli and gzip that decompress to the identity bytes", async () => {
    const plain = new Uint8Array(await (await request(t, "/feeds/feed.json")).arrayBuffer());
    const br = await request(t, "/feeds/feed.json", { headers: { "accept-encoding": "gzip, br" } });
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(new Uint8Array(brotliDecompressSync(new Uint8Array(await br.arrayBuffer())))).toEqual(plain);
    const gz = await request(t, "/feeds/feed.json", { headers: { "accept-encoding": "gzip, br;q=0" } });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(new Uint8Array(gunzipSync(new Uint8Array(await gz.arrayBuffer())))).toEqual(plain);
    const none = await request(t, "/feeds/feed.json", { headers: { "accept-encoding": "identity" } });
    expect(none.headers.get("content-encoding")).toBeNull();
  });

  it("costs no DynamoDB read on a warm cache, one after the revalidation window, and re-renders only on change", async () => {
    await request(t, "/feeds/rss.xml");
    t.calls.reset();
    const warm = await request(t, "/feeds/rss.xml");
    expect(t.calls.names).toEqual([]);
    const renders = t.cache.stats().renders;
    clock += 6_000;
    const revalidated = await request(t, "/feeds/rss.xml");
    expect(t.calls.names).toEqual(["Query"]);
    expect(revalidated.headers.get("etag")).toBe(warm.headers.get("etag"));
    expect(t.cache.stats().renders).toBe(renders);
  });

  it("sees a publish by another process after the revalidation window, through the version stamp in the table", async () => {
    const before = await (await request(t, "/feeds/feed.json")).json();
    const other = await startTestServices({ endpoint: t.endpoint, tableName: t.tableName });
    try {
      await request(other, "/api/articles", {
        method: "POST",
        admin: true,
        json: { id: "from-elsewhere", title: "خبر من عملية أخرى", url: "https://anapress.net/a/other", publishedAt: "2020-07-09T00:00:00Z" },
      });
    } finally {
      await other.close();
    }
    clock += 6_000;
    const after = await (await request(t, "/feeds/feed.json")).json();
    expect(after.items[0].title).toBe("خبر من عملية أخرى");
    expect(after.items.length).toBe(before.items.length + 1);
  });

  it("sees this process's own publish and unpublish at once", async () => {
    await request(t, "/feeds/atom.xml");
    await request(t, "/api/articles", { method: "POST", admin: true, json: { id: "local-new", title: "خبر عاجل محلي", url: "https://anapress.net/a/local", publishedAt: "2020-07-10T00:00:00Z" } });
    expect(await (await request(t, "/feeds/atom.xml")).text()).toContain("خبر عاجل محلي");
    await request(t, "/api/articles/local-new", { method: "DELETE", admin: true });
    expect(await (await request(t, "/feeds/atom.xml")).text()).not.toContain("خبر عاجل محلي");
  });

  it("serves per-category and per-tag feeds under Arabic, percent-encoded names", async () => {
    const cat = await (await request(t, `/feeds/category/${SYRIA}/feed.json`)).json();
    expect(cat.title).toBe("أنا برس — سوريا");
    expect(cat.items.length).toBe(4);
    expect(cat.items.every((i: { tags: string[] }) => i.tags.includes("سوريا"))).toBe(true);
    const tag = await (await request(t, `/feeds/tag/${encodeURIComponent("أخبار")}/rss.xml`)).text();
    expect(XMLValidator.validate(tag)).toBe(true);
    expect(xml.parse(tag).rss.channel.item.length).toBe(7);
  });

  it("answers 404 for an unknown category or format and 400 for a tampered cursor", async () => {
    expect((await request(t, `/feeds/category/${encodeURIComponent("لا-يوجد")}/rss.xml`)).status).toBe(404);
    expect((await request(t, "/feeds/rss.json")).status).toBe(404);
    const bad = await request(t, "/feeds/rss.xml?cursor=abc.def");
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
  });

  it("pages with RFC 5005 next links and JSON next_url, every item once", async () => {
    const seen: string[] = [];
    let url: string | undefined = "/feeds/feed.json?limit=3";
    while (url) {
      const page = await (await request(t, url)).json();
      seen.push(...page.items.map((i: { url: string }) => i.url));
      url = page.next_url ? new URL(page.next_url).pathname + new URL(page.next_url).search : undefined;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(8);
    const atom = xml.parse(await (await request(t, "/feeds/atom.xml?limit=3")).text());
    const rels = atom.feed.link.map((l: Record<string, string>) => l["@rel"]);
    expect(rels).toEqual(expect.arrayContaining(["self", "alternate", "next", "prev-archive"]));
  });

  it("finds articles through the Arabic-aware search feed whatever the hamza and diacritics", async () => {
    const res = await request(t, `/feeds/search/feed.json?q=${encodeURIComponent("ادلب")}`);
    expect(res.status).toBe(200);
    const feed = await res.json();
    expect(feed.items.map((i: { title: string }) => i.title)).toEqual(["واشنطن تؤكد استعدادها لدعم تركيا فيما يخص إدلب"]);
    expect((await request(t, "/feeds/search/rss.xml")).status).toBe(400);
  });

  it("keeps every feed well-formed when an article carries hostile text", async () => {
    const hostile = "]]>]]><script>alert(1)</script>\u0001\u000b\uFFFE\uD800 &amp; \u202Eمقلوب\u202C ]]>";
    const res = await request(t, "/api/articles", {
      method: "POST",
      admin: true,
      json: { id: "hostile", title: `خبر ${hostile}`, url: "https://anapress.net/a/h", summary: hostile, contentHtml: `<p>${hostile}</p>`, category: "سوريا", tags: ["<b>&"], publishedAt: "2020-07-11T00:00:00Z" },
    });
    expect(res.status).toBe(201);
    for (const file of ["rss.xml", "atom.xml"]) {
      const body = await (await request(t, `/feeds/${file}`)).text();
      expect(XMLValidator.validate(body)).toBe(true);
      execFileSync("xmllint", ["--noout", "-"], { input: body });
    }
    const json = await (await request(t, "/feeds/feed.json")).json();
    expect(json.items[0].title).toContain("مقلوب");
  });
});

describe("the human pages", () => {
  let t: TestServices;
  beforeAll(async () => {
    t = await startTestServices({ vapidPublicKey: "BExampleKeyForThePage" });
    await request(t, "/api/articles", {
      method: "POST",
      admin: true,
      json: { id: "page-1", title: "اتفاقية شاملة للتعاون العسكري بين دمشق وطهران", url: "http://anapress.net/a/194391885768658", category: "سوريا", publishedAt: "2020-07-08T15:57:00Z" },
    });
    await request(t, "/api/articles/page-1/views", { method: "POST" });
  });
  afterAll(async () => t.close());

  it("serves the headline page right to left with a strict CSP and feed discovery for every category", async () => {
    const res = await request(t, "/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const body = await res.text();
    expect(body).toContain('dir="rtl"');
    expect(body).toContain("اتفاقية شاملة للتعاون العسكري بين دمشق وطهران");
    expect(body).toContain(`href="https://news.example/feeds/category/${SYRIA}/rss.xml"`);
    expect(body).toContain('type="application/atom+xml"');
    expect(body).toContain('type="application/feed+json"');
    expect(body).toContain('data-vapid-public-key="BExampleKeyForThePage"');
  });

  it("serves an article page with its view count, and 404 or 410 pages in Arabic", async () => {
    const page = await request(t, "/articles/page-1");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("مشاهدة");
    expect((await request(t, "/articles/nope")).status).toBe(404);
    await request(t, "/api/articles/page-1", { method: "DELETE", admin: true });
    const gone = await request(t, "/articles/page-1");
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain("لم يعد");
  });
});

describe("WebSub discovery", () => {
  it("advertises the hub in every format without the credentials used to ping it", async () => {
    const t = await startTestServices({ config: { WEBSUB_HUB_URL: "http://newsroom:s3cret-hub-pass@127.0.0.1:9/hub" } });
    try {
      await request(t, "/api/articles", { method: "POST", admin: true, json: { title: "خبر", url: "https://anapress.net/a/hub" } });
      const atom = await (await request(t, "/feeds/atom.xml")).text();
      const rss = await (await request(t, "/feeds/rss.xml")).text();
      const json = await (await request(t, "/feeds/feed.json")).json();
      expect(atom).toContain('<link rel="hub" href="http://127.0.0.1:9/hub"/>');
      expect(rss).toContain('rel="hub"');
      expect(json.hubs).toEqual([{ type: "WebSub", url: "http://127.0.0.1:9/hub" }]);
      expect(atom + rss + JSON.stringify(json)).not.toContain("s3cret-hub-pass");
    } finally {
      await t.close();
    }
  });
});
