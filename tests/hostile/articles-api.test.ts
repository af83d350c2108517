import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request, startTestServices, TEST_ADMIN_TOKEN, type TestServices } from "../helpers/test-store.ts";
import { expectNothingLeaked, expectRefusal, hostileCases, Recorder, send, tableSnapshot, type HostileCase } from "./harness.ts";

const MAX_BODY = 65_536;
const valid = { title: "خبر", url: "https://anapress.net/a/hostile" };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const post = (json: unknown, extra: Partial<HostileCase> = {}) => ({ method: "POST", path: "/api/articles", admin: true, json, ...extra });
const patch = (json: unknown, extra: Partial<HostileCase> = {}) => ({ method: "PATCH", path: "/api/articles/live-1", admin: true, json, ...extra });
const deep = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

const authCases: HostileCase[] = [
  { name: "refuses a publish without a token with 401", ...post(valid, { admin: false }), status: 401 },
  { name: "refuses a wrong token with 401", ...post(valid, { admin: false, headers: bearer("wrong-token-wrong-token-wrong") }), status: 401 },
  { name: "refuses a token differing in its last character with 401", ...post(valid, { admin: false, headers: bearer(`${TEST_ADMIN_TOKEN.slice(0, -1)}X`) }), status: 401 },
  { name: "refuses a prefix of the token with 401", ...post(valid, { admin: false, headers: bearer(TEST_ADMIN_TOKEN.slice(0, 20)) }), status: 401 },
  { name: "refuses the token with one character appended with 401", ...post(valid, { admin: false, headers: bearer(`${TEST_ADMIN_TOKEN}0`) }), status: 401 },
  { name: "refuses the token in upper case with 401", ...post(valid, { admin: false, headers: bearer(TEST_ADMIN_TOKEN.toUpperCase()) }), status: 401 },
  { name: "refuses the token without the Bearer scheme with 401", ...post(valid, { admin: false, headers: { authorization: TEST_ADMIN_TOKEN } }), status: 401 },
  { name: "refuses the token under the Basic scheme with 401", ...post(valid, { admin: false, headers: { authorization: `Basic ${btoa(`admin:${TEST_ADMIN_TOKEN}`)}` } }), status: 401 },
  { name: "refuses the token followed by a second word with 401", ...post(valid, { admin: false, headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN} ${TEST_ADMIN_TOKEN}` } }), status: 401 },
  { name: "refuses a 600-character bearer value with 401", ...post(valid, { admin: false, headers: bearer("A".repeat(600)) }), status: 401 },
  { name: "refuses the token in a query string with 401", ...post(valid, { admin: false, path: `/api/articles?token=${TEST_ADMIN_TOKEN}` }), status: 401 },
  { name: "refuses a PATCH without a token with 401", ...patch({ title: "x" }, { admin: false }), status: 401 },
  { name: "refuses a DELETE without a token with 401", method: "DELETE", path: "/api/articles/live-1", status: 401 },
  { name: "refuses a DELETE with a near-miss token with 401", method: "DELETE", path: "/api/articles/live-1", headers: bearer(`X${TEST_ADMIN_TOKEN.slice(1)}`), status: 401 },
  { name: "refuses push stats without a token with 401", path: "/api/articles/live-1/push-stats", status: 401 },
  { name: "refuses push stats with a wrong token with 401", path: "/api/articles/live-1/push-stats", headers: bearer("not-the-admin-token-at-all"), status: 401 },
];

const bodyCases: HostileCase[] = [
  { name: "refuses a form-encoded body with 415", ...post(undefined, { body: "title=x&url=y", headers: { "content-type": "application/x-www-form-urlencoded" } }), status: 415 },
  { name: "refuses a text/plain body with 415", ...post(undefined, { body: JSON.stringify(valid), headers: { "content-type": "text/plain" } }), status: 415 },
  { name: "refuses a JSON body sent as multipart with 415", ...post(undefined, { body: JSON.stringify(valid), headers: { "content-type": "multipart/form-data; boundary=x" } }), status: 415 },
  { name: "refuses truncated JSON with 400", ...post(undefined, { body: '{"title":' }), status: 400 },
  { name: "refuses an empty body with 400", ...post(undefined, { body: "" }), status: 400 },
  { name: "refuses JSON with a trailing comma with 400", ...post(undefined, { body: '{"title":"x","url":"https://a.example/1",}' }), status: 400 },
  { name: "refuses single-quoted pseudo-JSON with 400", ...post(undefined, { body: "{'title':'x'}" }), status: 400 },
  { name: "refuses a body that is not UTF-8 with 400", ...post(undefined, { body: new Uint8Array([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }), status: 400 },
  { name: "refuses a body over MAX_BODY_BYTES with 413", ...post({ ...valid, contentHtml: "ن".repeat(MAX_BODY) }), status: 413 },
  { name: "refuses JSON null with 400 naming the root", ...post(null), status: 400, pointer: "" },
  { name: "refuses a JSON array with 400 naming the root", ...post([valid]), status: 400, pointer: "" },
  { name: "refuses a JSON string with 400 naming the root", ...post("title"), status: 400, pointer: "" },
  { name: "refuses 30,000-deep nesting at the root with 400", ...post(undefined, { body: deep(30_000) }), status: 400, pointer: "" },
  { name: "refuses 30,000-deep nesting as a title with 400 naming /title", ...post(undefined, { body: `{"title":${deep(30_000)},"url":"https://a.example/1"}` }), status: 400, pointer: "/title" },
  { name: "refuses a __proto__ key with 400 naming /__proto__", ...post(undefined, { body: '{"__proto__":{"admin":true},"title":"x","url":"https://a.example/1"}' }), status: 400, pointer: "/__proto__" },
  { name: "refuses a constructor key with 400 naming /constructor", ...post({ ...valid, constructor: { prototype: { admin: true } } }), status: 400, pointer: "/constructor" },
  { name: "refuses a prototype key with 400 naming /prototype", ...post({ ...valid, prototype: { admin: true } }), status: 400, pointer: "/prototype" },
  { name: "refuses a nested __proto__ in keys of tags with 400 naming /tags", ...post(undefined, { body: '{"title":"x","url":"https://a.example/1","tags":{"__proto__":["x"]}}' }), status: 400, pointer: "/tags" },
];

const serverOwned: HostileCase[] = (["views", "updatedAt", "rev", "status", "firstPublishedAt", "notify"] as const).map((field) => ({
  name: `refuses the server-owned field ${field} with 400 naming /${field}`,
  ...post({ ...valid, [field]: field === "views" ? 1_000_000 : field === "notify" ? { state: "done" } : "2020-01-01T00:00:00Z" }),
  status: 400,
  pointer: `/${field}`,
}));

const fieldCases: HostileCase[] = [
  { name: "refuses a numeric title with 400 naming /title", ...post({ ...valid, title: 42 }), status: 400, pointer: "/title" },
  { name: "refuses a missing url with 400 naming /url", ...post({ title: "x" }), status: 400, pointer: "/url" },
  { name: "refuses tags given as a string with 400 naming /tags", ...post({ ...valid, tags: "a,b" }), status: 400, pointer: "/tags" },
  { name: "refuses eleven tags with 400 naming /tags", ...post({ ...valid, tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }), status: 400, pointer: "/tags" },
  { name: 'refuses breaking given as "true" with 400 naming /breaking', ...post({ ...valid, breaking: "true" }), status: 400, pointer: "/breaking" },
  { name: "refuses a 2,001-character title with 400 naming /title", ...post({ ...valid, title: "ع".repeat(2001) }), status: 400, pointer: "/title" },
  { name: "refuses a title of control characters only with 400 naming /title", ...post({ ...valid, title: "\u0000\u0001\u001b\u007f" }), status: 400, pointer: "/title" },
  { name: "refuses a title of lone surrogates only with 400 naming /title", ...post({ ...valid, title: "\udfff\ud800\ud83d" }), status: 400, pointer: "/title" },
  { name: "refuses a 20,001-character summary with 400 naming /summary", ...post({ ...valid, summary: "s".repeat(20_001) }), status: 400, pointer: "/summary" },
  { name: "refuses a javascript: url with 400 naming /url", ...post({ ...valid, url: "javascript:alert(document.cookie)" }), status: 400, pointer: "/url" },
  { name: "refuses a mixed-case JaVaScRiPt: url with 400 naming /url", ...post({ ...valid, url: " JaVaScRiPt:alert(1)" }), status: 400, pointer: "/url" },
  { name: "refuses a data: url with 400 naming /url", ...post({ ...valid, url: "data:text/html,<script>alert(1)</script>" }), status: 400, pointer: "/url" },
  { name: "refuses a relative url with 400 naming /url", ...post({ ...valid, url: "/a/1" }), status: 400, pointer: "/url" },
  { name: "refuses a protocol-relative url with 400 naming /url", ...post({ ...valid, url: "//evil.example/a" }), status: 400, pointer: "/url" },
  { name: "refuses a url with user-info with 400 naming /url", ...post({ ...valid, url: "https://user:pass@anapress.net/a" }), status: 400, pointer: "/url" },
  { name: "refuses a file: url with 400 naming /url", ...post({ ...valid, url: "file:///etc/passwd" }), status: 400, pointer: "/url" },
  { name: "refuses a javascript: imageUrl with 400 naming /imageUrl", ...post({ ...valid, imageUrl: "javascript:alert(1)" }), status: 400, pointer: "/imageUrl" },
  { name: "refuses an SVG data: imageUrl with 400 naming /imageUrl", ...post({ ...valid, imageUrl: "data:image/svg+xml,<svg onload=alert(1)>" }), status: 400, pointer: "/imageUrl" },
  { name: "refuses a category with a slash with 400 naming /category", ...post({ ...valid, category: "../admin" }), status: 400, pointer: "/category" },
  { name: "refuses a category with a percent sign with 400 naming /category", ...post({ ...valid, category: "%2e%2e" }), status: 400, pointer: "/category" },
  { name: "refuses a category with a NUL with 400 naming /category", ...post({ ...valid, category: "سياسة\u0000" }), status: 400, pointer: "/category" },
  { name: "refuses a tag with a query mark with 400 naming /tags/0", ...post({ ...valid, tags: ["a?b=1"] }), status: 400, pointer: "/tags/0" },
  { name: "refuses an id with path syntax with 400 naming /id", ...post({ ...valid, id: "../../etc" }), status: 400, pointer: "/id" },
  { name: "refuses an injection-looking id with 400 naming /id", ...post({ ...valid, id: "1' OR '1'='1" }), status: 400, pointer: "/id" },
  { name: "refuses a 129-character id with 400 naming /id", ...post({ ...valid, id: "a".repeat(129) }), status: 400, pointer: "/id" },
  { name: "refuses a date after 2100 with 400 naming /publishedAt", ...post({ ...valid, publishedAt: "2100-01-02T00:00:00Z" }), status: 400, pointer: "/publishedAt" },
  { name: "refuses a loose date with 400 naming /publishedAt", ...post({ ...valid, publishedAt: "March 7" }), status: 400, pointer: "/publishedAt" },
  { name: "refuses markup in lang with 400 naming /lang", ...post({ ...valid, lang: 'ar"><script>' }), status: 400, pointer: "/lang" },
];

const patchCases: HostileCase[] = [
  { name: "refuses an id in a PATCH with 400 naming /id", ...patch({ id: "other" }), status: 400, pointer: "/id" },
  { name: "refuses tags: null in a PATCH with 400 naming /tags", ...patch({ tags: null }), status: 400, pointer: "/tags" },
  { name: "refuses a __proto__ PATCH with 400 naming /__proto__", ...patch(undefined, { body: '{"__proto__":{"title":"owned"}}' }), status: 400, pointer: "/__proto__" },
  { name: "refuses views in a PATCH with 400 naming /views", ...patch({ views: 99 }), status: 400, pointer: "/views" },
  { name: "refuses a javascript: url in a PATCH with 400 naming /url", ...patch({ url: "javascript:alert(1)" }), status: 400, pointer: "/url" },
  { name: "refuses a PATCH body of null with 400", ...patch(null), status: 400, pointer: "" },
  { name: "answers 404 to a PATCH of an unknown article", ...patch({ title: "x" }, { path: "/api/articles/no-such-article" }), status: 404 },
  { name: "answers 404 to a PATCH of an unpublished article", ...patch({ title: "x" }, { path: "/api/articles/gone-1" }), status: 404 },
  { name: "answers 404 to a PATCH of an id with encoded path syntax", ...patch({ title: "x" }, { path: "/api/articles/..%2F..%2Fx" }), status: 404 },
];

const readCases: HostileCase[] = [
  { name: "answers 404 to a DELETE of an unknown article", method: "DELETE", path: "/api/articles/no-such-article", admin: true, status: 404 },
  { name: "answers 404 to a read of a 3,000-character id", path: `/api/articles/${"a".repeat(3000)}`, status: 404 },
  { name: "answers 404 to a read of an id with a NUL", path: "/api/articles/a%00b", status: 404 },
  { name: "answers 404 to a read of an id with invalid percent-encoding", path: "/api/articles/%E0%A4%A", status: 404 },
  { name: "answers 410 to a read of an unpublished article", path: "/api/articles/gone-1", status: 410 },
  { name: "answers 404 to a view of an unknown article", method: "POST", path: "/api/articles/no-such-article/views", status: 404 },
  { name: "answers 404 to a view of an unpublished article", method: "POST", path: "/api/articles/gone-1/views", status: 404 },
  { name: "answers 404 to a view of a 3,000-character id", method: "POST", path: `/api/articles/${"a".repeat(3000)}/views`, status: 404 },
  { name: "answers 404 to a view sent as GET", path: "/api/articles/live-1/views", status: 404 },
  { name: "answers 404 to push stats of an unknown article", path: "/api/articles/no-such-article/push-stats", admin: true, status: 404 },
  { name: "answers 404 to push stats of a 3,000-character id", path: `/api/articles/${"a".repeat(3000)}/push-stats`, admin: true, status: 404 },
  { name: "answers 404 to push stats of an id with a NUL", path: "/api/articles/a%00b/push-stats", admin: true, status: 404 },
  { name: "refuses limit=0 with 400 naming /limit", path: "/api/articles?limit=0", status: 400, pointer: "/limit" },
  { name: "refuses limit=101 with 400 naming /limit", path: "/api/articles?limit=101", status: 400, pointer: "/limit" },
  { name: "refuses limit=-1 with 400 naming /limit", path: "/api/articles?limit=-1", status: 400, pointer: "/limit" },
  { name: "refuses limit=abc with 400 naming /limit", path: "/api/articles?limit=abc", status: 400, pointer: "/limit" },
  { name: "refuses limit=1e9 with 400 naming /limit", path: "/api/articles?limit=1e9", status: 400, pointer: "/limit" },
  { name: "refuses limit=1.5 with 400 naming /limit", path: "/api/articles?limit=1.5", status: 400, pointer: "/limit" },
  { name: "refuses limit=Infinity with 400 naming /limit", path: "/api/articles?limit=Infinity", status: 400, pointer: "/limit" },
  { name: "refuses a forged cursor with 400 naming /cursor", path: "/api/articles?cursor=eyJ4IjoxfQ.AAAAAAAAAAAAAAAA", status: 400, pointer: "/cursor" },
  { name: "refuses a 2,000-character cursor with 400 naming /cursor", path: `/api/articles?cursor=${"A".repeat(2000)}`, status: 400, pointer: "/cursor" },
  { name: "refuses an injection-looking cursor with 400 naming /cursor", path: `/api/articles?cursor=${encodeURIComponent("' OR 1=1 --")}`, status: 400, pointer: "/cursor" },
  { name: "refuses an unknown query parameter with 400 naming it", path: "/api/articles?admin=1", status: 400, pointer: "/admin" },
  { name: "refuses a __proto__ query parameter with 400 naming it", path: "/api/articles?__proto__=x", status: 400, pointer: "/__proto__" },
  { name: "refuses category and tag together with 400 naming /tag", path: "/api/articles?category=a&tag=b", status: 400, pointer: "/tag" },
  { name: "refuses a 65-character category filter with 400 naming /category", path: `/api/articles?category=${"c".repeat(65)}`, status: 400, pointer: "/category" },
];

describe("hostile requests to the articles API", () => {
  let t: TestServices;
  let before: string;
  const recorder = new Recorder();
  beforeAll(async () => {
    t = await startTestServices({ config: { MAX_BODY_BYTES: String(MAX_BODY) } });
    const seed = async (id: string, category: string) => {
      const res = await request(t, "/api/articles", { method: "POST", admin: true, json: { id, title: `خبر ${id}`, url: `https://anapress.net/a/${id}`, category } });
      expect(res.status).toBe(201);
    };
    await seed("live-1", "سوريا");
    await seed("live-2", "سوريا");
    await seed("gone-1", "لبنان");
    expect((await request(t, "/api/articles/gone-1", { method: "DELETE", admin: true })).status).toBe(204);
    before = await tableSnapshot(t);
  });
  afterAll(async () => t?.close());
  const services = () => t;

  describe("tokens", () => hostileCases(services, recorder, authCases));
  describe("bodies", () => hostileCases(services, recorder, bodyCases));
  describe("server-owned fields", () => hostileCases(services, recorder, serverOwned));
  describe("fields", () => hostileCases(services, recorder, fieldCases));
  describe("patches", () => hostileCases(services, recorder, patchCases));
  describe("reads, views and paging", () => hostileCases(services, recorder, readCases));

  it("refuses a real cursor moved to another list with 400 naming /cursor", async () => {
    const page = (await (await request(t, "/api/articles?limit=1")).json()) as { nextCursor: string };
    expect(page.nextCursor).toBeTruthy();
    const c: HostileCase = { name: "moved cursor", path: `/api/articles?tag=x&cursor=${encodeURIComponent(page.nextCursor)}`, status: 400, pointer: "/cursor" };
    const { res, text } = await send(t, recorder, c);
    expectRefusal(c, res, text);
  });

  it("refuses a real cursor with one signature character changed with 400 naming /cursor", async () => {
    const page = (await (await request(t, "/api/articles?limit=1")).json()) as { nextCursor: string };
    const cursor = page.nextCursor.slice(0, -1) + (page.nextCursor.endsWith("A") ? "B" : "A");
    const c: HostileCase = { name: "flipped cursor", path: `/api/articles?cursor=${encodeURIComponent(cursor)}`, status: 400, pointer: "/cursor" };
    const { res, text } = await send(t, recorder, c);
    expectRefusal(c, res, text);
  });

  it("never answered 5xx, leaked a token or a stack trace, and left the table byte-identical", async () => {
    expect(recorder.count).toBeGreaterThanOrEqual(100);
    expectNothingLeaked(t, recorder);
    expect(await tableSnapshot(t)).toBe(before);
  });
});
