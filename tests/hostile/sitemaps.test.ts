/** The hostile corpus through the sitemaps: every file stays valid XML (and schema-valid), titles come back as stored. */
import { XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request, startTestServices, type TestServices } from "../helpers/test-store.ts";
import { findTool } from "../feeds/support/tools.ts";
import { INDEX_XSD, NEWS_XSD, parseUrlSet, URLSET_XSD, validate } from "../sitemaps/support.ts";
import { expectNothingLeaked, Recorder } from "./harness.ts";

const XSS = `"><svg onload=alert(1)><script>alert(1)</script><img src=x onerror=alert(1)>`;
const NOW = Date.UTC(2024, 4, 2, 12, 0, 0);

const articles = [
  { id: "h-1", title: `عنوان ${XSS} ]]> <![CDATA[ &amp; &lt;`, url: `https://anapress.net/a/xss?q="><script>alert(1)</script>&x='1'` },
  { id: "h-2", title: `\u0000\u0008عنوان ثانٍ\udfff ${XSS}\u2028\u2029\ufffe`, url: "https://anapress.net/a/سوريا/خبر عاجل" },
  { id: "h-3", title: "\u202eمعكوس\u202c \u2067عزل\u2069 \u200fاتجاه\u200e", url: "https://anapress.net/a/%ZZ?%00" },
  { id: "h-4", title: "ع".repeat(500), url: `https://anapress.net/a/${"ع".repeat(400)}` },
];

describe("hostile text in the sitemaps", () => {
  let t: TestServices;
  const recorder = new Recorder();
  const stored = new Map<string, string>();
  beforeAll(async () => {
    t = await startTestServices({ now: () => new Date(NOW) });
    for (const [i, a] of articles.entries()) {
      const res = await request(t, "/api/articles", { method: "POST", admin: true, json: { ...a, publishedAt: new Date(NOW - (i + 1) * 3_600_000).toISOString() } });
      const body = (await res.json()) as { title: string; url: string };
      expect(res.status, JSON.stringify(body)).toBe(201);
      stored.set(a.id, body.title);
    }
  });
  afterAll(async () => t?.close());

  async function get(path: string) {
    const res = await request(t, path);
    const body = await res.text();
    recorder.count++;
    recorder.exchanges.push({ name: path, status: res.status, headers: JSON.stringify([...res.headers]), body });
    expect(res.status, body.slice(0, 300)).toBe(200);
    expect(XMLValidator.validate(body)).toBe(true);
    expect(body).not.toMatch(/<(script|svg|img)\b/i);
    return body;
  }

  const lint = findTool("xmllint", "libxml2-utils");

  it("serves the news sitemap valid, with each title exactly as stored", async () => {
    const body = await get("/sitemap-news.xml");
    if (lint) expect(validate(body, NEWS_XSD).stderr).toContain("validates");
    const items = await parseUrlSet(body);
    // h-4's url is over the schema's 2,048 characters once percent-encoded: it is left out, not truncated.
    expect(items.map((i) => i.news?.title)).toEqual(["h-1", "h-2", "h-3"].map((id) => stored.get(id)));
    for (const item of items) expect(item.url).toMatch(/^https:\/\/anapress\.net\/a\//);
  });

  it("serves the index and the day's article sitemap schema-valid", async () => {
    const index = await get("/sitemap.xml");
    if (lint) expect(validate(index, INDEX_XSD).status).toBe(0);
    const day = await get(`/sitemap-articles-${new Date(NOW).toISOString().slice(0, 10)}.xml`);
    if (lint) expect(validate(day, URLSET_XSD).status).toBe(0);
    expect((await parseUrlSet(day)).length).toBe(3);
  });

  it("leaked no token or stack trace", () => {
    expectNothingLeaked(t, recorder);
  });
});
