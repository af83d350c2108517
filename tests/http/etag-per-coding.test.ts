/**
 * RFC 9110 §8.8.3: identity, gzip and br bytes of one feed or page are three representations with three strong ETags;
 * If-None-Match (weak comparison, §13.1.2) with any of them is a 304 carrying the tag of the coding this request gets.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeCompressors } from "../../functions/node/compress.ts";
import { request, startTestServices, type TestServices } from "../helpers/test-store.ts";

const CODINGS = { identity: "identity", gzip: "gzip", br: "br" } as const;
type Coding = keyof typeof CODINGS;

/** Path → the Vary it must send (the README's line). */
const DOCUMENTS: Record<string, string> = {
  "/feeds/rss.xml": "Accept, Accept-Encoding",
  "/feeds/atom.xml": "Accept, Accept-Encoding",
  "/feeds/feed.json": "Accept-Encoding",
  [`/feeds/category/${encodeURIComponent("سوريا")}/atom.xml`]: "Accept, Accept-Encoding",
  "/": "Accept-Encoding",
};

describe("one strong ETag per content-coding", () => {
  let t: TestServices;
  let clock = Date.UTC(2026, 10, 29, 8, 0, 0);

  const get = (path: string, coding: Coding, headers: Record<string, string> = {}) =>
    request(t, path, { headers: { "accept-encoding": CODINGS[coding], ...headers } });

  async function tags(path: string): Promise<Record<Coding, string>> {
    const out = {} as Record<Coding, string>;
    for (const coding of Object.keys(CODINGS) as Coding[]) {
      const res = await get(path, coding);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-encoding") ?? "identity", path).toBe(coding);
      out[coding] = res.headers.get("etag")!;
    }
    return out;
  }

  beforeAll(async () => {
    t = await startTestServices({ now: () => new Date(clock), compress: nodeCompressors });
    for (let i = 0; i < 5; i++) {
      const res = await request(t, "/api/articles", {
        method: "POST",
        admin: true,
        json: { id: `coding-${i}`, title: `خبر رقم ${i}`, url: `https://anapress.net/a/c${i}`, category: "سوريا", contentHtml: `<p>${"نص الخبر ".repeat(60)}</p>` },
      });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => t.close());

  for (const [path, vary] of Object.entries(DOCUMENTS)) {
    it(`${decodeURIComponent(path)}: three different strong tags, each a 304 for its own coding, Vary: ${vary}`, async () => {
      const tag = await tags(path);
      expect(new Set(Object.values(tag)).size).toBe(3);
      for (const value of Object.values(tag)) expect(value).toMatch(/^"[A-Za-z0-9_-]+"$/);
      expect(tag.gzip).toBe(`${tag.identity.slice(0, -1)}-gzip"`);
      expect(tag.br).toBe(`${tag.identity.slice(0, -1)}-br"`);
      for (const coding of Object.keys(CODINGS) as Coding[]) {
        const res = await get(path, coding, { "if-none-match": tag[coding] });
        expect(res.status).toBe(304);
        expect(res.headers.get("etag")).toBe(tag[coding]);
        expect(res.headers.get("vary")).toBe(vary);
        expect(res.headers.get("content-encoding")).toBeNull();
        expect(await res.text()).toBe("");
        const full = await get(path, coding);
        expect(full.headers.get("vary")).toBe(vary);
      }
    });
  }

  it("answers 304 to any coding's tag, weakened or in a list, with the tag of the coding the request gets", async () => {
    const tag = await tags("/feeds/rss.xml");
    // A decompressing proxy stored our gzip bytes as identity under W/"…-gzip" and asks without Accept-Encoding.
    const afterProxy = await request(t, "/feeds/rss.xml", { headers: { "if-none-match": `W/${tag.gzip}` } });
    expect(afterProxy.status).toBe(304);
    expect(afterProxy.headers.get("etag")).toBe(tag.identity);
    // A compressing CDN weakened our identity tag; the viewer now asks for br.
    const afterCdn = await get("/feeds/rss.xml", "br", { "if-none-match": `W/${tag.identity}` });
    expect(afterCdn.status).toBe(304);
    expect(afterCdn.headers.get("etag")).toBe(tag.br);
    const listed = await get("/feeds/rss.xml", "gzip", { "if-none-match": `"old", ${tag.br}` });
    expect(listed.status).toBe(304);
    expect(listed.headers.get("etag")).toBe(tag.gzip);
    // The tag with another coding's suffix that this document does not have, or no suffix match at all, is a 200.
    expect((await get("/feeds/rss.xml", "gzip", { "if-none-match": `${tag.identity.slice(0, -1)}-zstd"` })).status).toBe(200);
    expect((await get("/feeds/rss.xml", "gzip", { "if-none-match": `"${tag.identity.slice(2)}` })).status).toBe(200);
  });

  it("gives no coding of the new content a tag of the old one after a change", async () => {
    const before = await tags("/feeds/feed.json");
    clock += 60_000;
    const res = await request(t, "/api/articles", { method: "POST", admin: true, json: { id: "coding-new", title: "خبر جديد", url: "https://anapress.net/a/cnew", contentHtml: "<p>نص</p>" } });
    expect(res.status).toBe(201);
    const after = await tags("/feeds/feed.json");
    for (const coding of Object.keys(CODINGS) as Coding[]) {
      expect(Object.values(before)).not.toContain(after[coding]);
      const stale = await get("/feeds/feed.json", coding, { "if-none-match": Object.values(before).join(", ") });
      expect(stale.status).toBe(200);
      expect(stale.headers.get("etag")).toBe(after[coding]);
    }
  });
});
