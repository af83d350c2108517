import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Hono } from "hono";
import { publicAssets } from "../../functions/node/assets.ts";
import { staticRoutes } from "../../lib/http/static-routes.ts";
import { request, startTestServices, type TestServices } from "../helpers/test-store.ts";
import { expectNothingLeaked, expectRefusal, hostileCases, Recorder, send, tableSnapshot, type HostileCase } from "./harness.ts";

const SYRIA = encodeURIComponent("سوريا");
const long = "a".repeat(3000);

const feedCases: HostileCase[] = [
  ...["0", "101", "-5", "abc", "1.5", "Infinity"].map((limit): HostileCase => ({ name: `refuses a feed limit of ${limit} with 400 naming /limit`, path: `/feeds/rss.xml?limit=${limit}`, status: 400, pointer: "/limit" })),
  { name: "refuses a forged Atom cursor with 400 naming /cursor", path: "/feeds/atom.xml?cursor=eyJhIjoxfQ.c2lnbmF0dXJl", status: 400, pointer: "/cursor" },
  { name: "refuses a 2,000-character JSON Feed cursor with 400 naming /cursor", path: `/feeds/feed.json?cursor=${"A".repeat(2000)}`, status: 400, pointer: "/cursor" },
  { name: "refuses a cursor with invalid percent-encoding with 400 naming /cursor", path: "/feeds/rss.xml?cursor=%E0%A4%A", status: 400, pointer: "/cursor" },
  { name: "refuses a markup cursor on a category feed with 400 naming /cursor", path: `/feeds/category/${SYRIA}/rss.xml?cursor=${encodeURIComponent('"><script>alert(1)</script>')}`, status: 400, pointer: "/cursor" },
  { name: "refuses a search without a query with 400 naming /q", path: "/feeds/search/rss.xml", status: 400, pointer: "/q" },
  { name: "refuses a blank search with 400 naming /q", path: "/feeds/search/atom.xml?q=%20%09%20", status: 400, pointer: "/q" },
  { name: "refuses a 201-character search with 400 naming /q", path: `/feeds/search/feed.json?q=${"ب".repeat(201)}`, status: 400, pointer: "/q" },
  { name: "answers 404 to an unknown feed format", path: "/feeds/rss.php", status: 404 },
  { name: "answers 404 to an encoded path traversal under /feeds", path: "/feeds/..%2F..%2Fetc%2Fpasswd", status: 404 },
  { name: "answers 404 to a 3,000-character category feed", path: `/feeds/category/${long}/rss.xml`, status: 404 },
  { name: "answers 404 to a 3,000-character tag feed", path: `/feeds/tag/${long}/atom.xml`, status: 404 },
  { name: "answers 404 to a category feed with a NUL", path: "/feeds/category/a%00b/atom.xml", status: 404 },
  { name: "answers 404 to a tag feed with invalid percent-encoding", path: "/feeds/tag/%E0%A4%A/feed.json", status: 404 },
  { name: "answers 404 to a category feed with markup in the name", path: `/feeds/category/${encodeURIComponent("<script>")}/rss.xml`, status: 404 },
  { name: "answers 404 to a feed of an unknown category", path: "/feeds/category/nosuch/rss.xml", status: 404 },
  { name: "answers 404 to a POST to a feed", method: "POST", path: "/feeds/rss.xml", json: {}, status: 404 },
];

const pageCases: HostileCase[] = [
  { name: "shows the 404 page for an unknown category", path: "/category/nosuch", status: 404, kind: "html" },
  { name: "shows the 404 page for a 3,000-character category", path: `/category/${long}`, status: 404, kind: "html" },
  { name: "shows the 404 page for a category with invalid percent-encoding", path: "/category/%E0%A4%A", status: 404, kind: "html" },
  { name: "shows the 404 page for a 3,000-character article id", path: `/articles/${long}`, status: 404, kind: "html" },
  { name: "shows the 404 page for an article id with markup", path: `/articles/${encodeURIComponent("<img src=x onerror=alert(1)>")}`, status: 404, kind: "html" },
  { name: "shows the 410 page for an unpublished article", path: "/articles/gone-1", status: 410, kind: "html" },
  { name: "shows the 404 page for a forged home-page cursor", path: "/?cursor=forged.cursor", status: 404, kind: "html" },
  { name: "shows the 404 page for a forged category-page cursor", path: `/category/${SYRIA}?cursor=forged.cursor`, status: 404, kind: "html" },
  { name: "answers 404 to a POST to the home page", method: "POST", path: "/", json: {}, status: 404 },
  { name: "answers 404 to a POST to /health", method: "POST", path: "/health", json: {}, status: 404 },
  { name: "answers 404 to a DELETE of /openapi.json", method: "DELETE", path: "/openapi.json", status: 404 },
];

const staticCases: HostileCase[] = [
  { name: "answers 404 to an encoded traversal out of public/", path: "/static/..%2Fpackage.json", status: 404 },
  { name: "answers 404 to a double-encoded traversal out of public/", path: "/static/%252e%252e%252fpackage.json", status: 404 },
  { name: "answers 404 to a dotfile in public/", path: "/static/.env", status: 404 },
  { name: "answers 404 to a file type not served", path: "/static/app.ts", status: 404 },
  { name: "answers 404 to an upper-case name", path: "/static/APP.JS", status: 404 },
  { name: "answers 404 to a name with a NUL", path: "/static/app.js%00.png", status: 404 },
  { name: "answers 404 to a missing asset", path: "/static/missing.js", status: 404 },
];

describe("hostile requests to feeds and pages", () => {
  let t: TestServices;
  let before: string;
  const recorder = new Recorder();
  beforeAll(async () => {
    t = await startTestServices();
    for (const [id, category] of [["live-1", "سوريا"], ["live-2", "سوريا"], ["gone-1", "لبنان"]] as const) {
      const res = await request(t, "/api/articles", { method: "POST", admin: true, json: { id, title: `خبر ${id}`, url: `https://anapress.net/a/${id}`, category } });
      expect(res.status).toBe(201);
    }
    expect((await request(t, "/api/articles/gone-1", { method: "DELETE", admin: true })).status).toBe(204);
    before = await tableSnapshot(t);
  });
  afterAll(async () => t?.close());
  const services = () => t;

  describe("feeds", () => hostileCases(services, recorder, feedCases));
  describe("pages", () => hostileCases(services, recorder, pageCases));
  describe("static files", () => {
    // startTestServices mounts no asset loader: serve public/ through the same routes the runtimes use.
    const withStatic = () => {
      const app = new Hono();
      app.route("/", staticRoutes(publicAssets(new URL("../../public/", import.meta.url))));
      app.notFound(() => t.app.fetch(new Request("http://x/no-such-route")));
      return { ...t, app } as unknown as TestServices;
    };
    hostileCases(withStatic, recorder, staticCases);
  });

  it("refuses a real cursor of the overall feed used on a category feed with 400 naming /cursor", async () => {
    const first = (await (await request(t, "/feeds/feed.json?limit=1")).json()) as { next_url?: string };
    const cursor = new URL(first.next_url!).searchParams.get("cursor")!;
    const c: HostileCase = { name: "moved feed cursor", path: `/feeds/category/${SYRIA}/feed.json?limit=1&cursor=${encodeURIComponent(cursor)}`, status: 400, pointer: "/cursor" };
    const { res, text } = await send(t, recorder, c);
    expectRefusal(c, res, text);
  });

  it("grants no CORS to a cross-origin preflight on an admin-only route", async () => {
    const res = await request(t, "/api/articles/live-1/push-stats", { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "GET", "access-control-request-headers": "authorization" } });
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(res.headers.get("access-control-allow-methods")).toBeNull();
  });

  it("grants CORS for reads only: a preflight for DELETE on an article allows GET and HEAD, and no Authorization header", async () => {
    const res = await request(t, "/api/articles/live-1", { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "DELETE", "access-control-request-headers": "authorization" } });
    expect(res.headers.get("access-control-allow-methods")).toBe("GET, HEAD");
    expect(res.headers.get("access-control-allow-headers") ?? "").not.toMatch(/authorization/i);
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
  });

  it("sends no CORS grant on a cross-origin write, so a browser cannot read the answer", async () => {
    const res = await request(t, "/api/articles", { method: "POST", admin: true, json: { title: "x" }, headers: { origin: "https://evil.example" } });
    expect(res.status).toBe(400);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("never answered 5xx, leaked a token or a stack trace, and left the table byte-identical", async () => {
    expectNothingLeaked(t, recorder);
    expect(await tableSnapshot(t)).toBe(before);
  });
});
