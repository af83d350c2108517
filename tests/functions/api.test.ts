import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { brotliDecompressSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ensureTable } from "../../lib/store/index.ts";
import { functionUrlEvent, lambdaContext, resultBytes, type UrlRequest, type UrlResult } from "./lambda-events.ts";
import { createNodeDocumentClient } from "../../functions/node/dynamo-client.ts";
import { startTestDynamo, type TestDynamo } from "../helpers/test-store.ts";

const ADMIN_TOKEN = "lambda-admin-token-0123456789abcdef";
const TABLE_NAME = `api-lambda-test-${Date.now()}`;

type Handler = (event: unknown, context: unknown) => Promise<UrlResult>;

/** Imports functions/api.ts afresh, as a new Lambda container would, with the given environment. */
async function coldStart(env: Record<string, string>): Promise<Handler> {
  for (const name of ["VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY", "SST_RESOURCE_App"]) delete process.env[name];
  Object.assign(process.env, { TABLE_NAME, ADMIN_TOKEN, AWS_REGION: "eu-west-1", LOG_LEVEL: "silent", DEMO: "0", PUBLIC_BASE_URL: "https://news.example", ...env });
  vi.resetModules();
  return ((await import("../../functions/api.ts")) as unknown as { handler: Handler }).handler;
}

const invoke = (handler: Handler, request: UrlRequest) => handler(functionUrlEvent(request), lambdaContext());

describe("functions/api.ts at import", () => {
  let server: Server;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    // Counts connections and drops each at once, so a request fails fast instead of waiting for a timeout.
    server = createServer((socket) => {
      sockets.push(socket);
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("opens no connection until the first request", async () => {
    const handler = await coldStart({ DYNAMODB_ENDPOINT: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    expect(sockets).toHaveLength(0);
    const result = await invoke(handler, { path: "/health" });
    expect(result.statusCode).toBeGreaterThanOrEqual(500);
    expect(sockets.length).toBeGreaterThan(0);
  });
});

describe("functions/api.ts with a Function URL event", () => {
  let dynamo: TestDynamo;
  let handler: Handler;
  const article = {
    title: "واشنطن تؤكد استعدادها لدعم تركيا فيما يخص إدلب",
    url: "https://anapress.net/a/1001",
    summary: "أكدت واشنطن استعدادها لدعم تركيا.",
    contentHtml: '<p dir="rtl">نص الخبر</p>',
    category: "تركيا",
    tags: ["إدلب"],
    publishedAt: "2020-07-08T18:57:00+03:00",
  };

  beforeAll(async () => {
    dynamo = await startTestDynamo();
    await ensureTable(createNodeDocumentClient({ region: "eu-west-1", endpoint: dynamo.endpoint }), TABLE_NAME);
    handler = await coldStart({ DYNAMODB_ENDPOINT: dynamo.endpoint });
  });
  afterAll(async () => dynamo.close());

  it("publishes an Arabic article with 201", async () => {
    const result = await invoke(handler, {
      method: "POST",
      path: "/api/articles",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify(article),
    });
    expect(result.statusCode).toBe(201);
    expect(JSON.parse(resultBytes(result).toString("utf8")).title).toBe(article.title);
  });

  it("serves the RSS feed with the Arabic title, as text or as base64 brotli", async () => {
    const plain = await invoke(handler, { path: "/feeds/rss.xml" });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers["content-type"]).toMatch(/^application\/rss\+xml/);
    expect(plain.headers["cache-control"]).toMatch(/s-maxage=/);
    expect(resultBytes(plain).toString("utf8")).toContain(article.title);

    const compressed = await invoke(handler, { path: "/feeds/rss.xml", headers: { "accept-encoding": "br, gzip" } });
    expect(compressed.statusCode).toBe(200);
    expect(compressed.headers["content-encoding"]).toBe("br");
    expect(compressed.isBase64Encoded).toBe(true);
    expect(brotliDecompressSync(resultBytes(compressed)).toString("utf8")).toContain(article.title);
  });

  it("serves the sitemap index, the news sitemap and robots.txt through the same function, with 304s", async () => {
    const index = await invoke(handler, { path: "/sitemap.xml" });
    expect(index.statusCode).toBe(200);
    expect(index.headers["content-type"]).toBe("application/xml; charset=utf-8");
    expect(resultBytes(index).toString("utf8")).toContain("/sitemap-news.xml</loc>");
    const news = await invoke(handler, { path: "/sitemap-news.xml" });
    expect(news.statusCode).toBe(200);
    expect(news.headers["cache-control"]).toMatch(/s-maxage=/);
    const again = await invoke(handler, { path: "/sitemap-news.xml", headers: { "if-none-match": news.headers.etag! } });
    expect(again.statusCode).toBe(304);
    const robots = await invoke(handler, { path: "/robots.txt" });
    expect(robots.statusCode).toBe(200);
    expect(resultBytes(robots).toString("utf8")).toMatch(/^Sitemap: https?:\/\/.+\/sitemap\.xml$/m);
  });

  it("answers 304 to If-None-Match with the feed's ETag", async () => {
    const first = await invoke(handler, { path: "/feeds/rss.xml" });
    const etag = first.headers.etag!;
    expect(etag).toBeTruthy();
    const again = await invoke(handler, { path: "/feeds/rss.xml", headers: { "if-none-match": etag } });
    expect(again.statusCode).toBe(304);
    expect(resultBytes(again).byteLength).toBe(0);
  });

  it("answers malformed JSON with a 400 problem document", async () => {
    const result = await invoke(handler, {
      method: "POST",
      path: "/api/articles",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
      body: "{not json",
    });
    expect(result.statusCode).toBe(400);
    expect(result.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(resultBytes(result).toString("utf8")).status).toBe(400);
  });

  it("serves static assets copied beside the function", async () => {
    const result = await invoke(handler, { path: "/static/icon.png" });
    expect(result.statusCode).toBe(200);
    expect(result.headers["content-type"]).toBe("image/png");
    expect(result.isBase64Encoded).toBe(true);
    expect(resultBytes(result).subarray(1, 4).toString("latin1")).toBe("PNG");
  });
});
