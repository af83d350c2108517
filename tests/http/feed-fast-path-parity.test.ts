/**
 * The guard against the Node fast path drifting from the app: the same request, sent over real sockets to a server
 * with the fast path and to one without it, must get the same status, the same headers (Date and a generated request
 * id aside) and the same bytes — for GET and HEAD, every validator form and every encoding choice. Each expected
 * status is written out too, so the two cannot agree on a wrong answer.
 */
import { request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNodeServer } from "../../functions/node/server.ts";
import { nodeCompressors } from "../../functions/node/compress.ts";
import { request, startTestServices, type TestServices } from "../helpers/test-store.ts";

const SYRIA = encodeURIComponent("سوريا");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Raw {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

function send(port: number, method: string, path: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const pairs: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i]!.toLowerCase(), res.rawHeaders[i + 1]!]);
        resolve({ status: res.statusCode!, headers: pairs, body: Buffer.concat(chunks) });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** The tag of a compressed coding, as the app derives it from the identity tag. */
const coded = (etag: string, coding: string) => `${etag.slice(0, -1)}-${coding}"`;

/** Headers that may differ between two answers to the same request: the clock, and a request id we generated. */
function comparable(raw: Raw, idSent: boolean): [string, string][] {
  return raw.headers.filter(([name]) => name !== "date" && (idSent || name !== "x-request-id")).sort(([a], [b]) => a.localeCompare(b));
}

describe("the Node fast path answers exactly as the app", () => {
  let t: TestServices;
  let withFast: Server;
  let appOnly: Server;
  let fastPort: number;
  let appPort: number;
  const validators: Record<string, { etag: string; lastModified: string }> = {};

  const listen = async (server: Server) => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return (server.address() as AddressInfo).port;
  };

  beforeAll(async () => {
    // A long revalidation window keeps the cached documents fresh, so the fast path answers for the whole file.
    t = await startTestServices({ compress: nodeCompressors, config: { FEED_REVALIDATE_SECONDS: "3600" } });
    for (const [i, category] of ["سوريا", "تركيا", "سوريا"].entries()) {
      await request(t, "/api/articles", {
        method: "POST",
        admin: true,
        json: { id: `parity-${i}`, title: `خبر رقم ${i}`, url: `https://anapress.net/a/p${i}`, category, contentHtml: `<p>${"نص الخبر ".repeat(40)}</p>` },
      });
    }
    withFast = createNodeServer(t);
    appOnly = createNodeServer({ app: t.app, feedFastPath: () => undefined });
    fastPort = await listen(withFast);
    appPort = await listen(appOnly);
    for (const path of PATHS) {
      const first = await send(appPort, "GET", path, {});
      const get = (name: string) => first.headers.find(([n]) => n === name)?.[1] ?? "";
      validators[path] = { etag: get("etag"), lastModified: get("last-modified") };
    }
  });
  afterAll(async () => {
    await Promise.all([withFast, appOnly].map((s) => new Promise((resolve) => s.close(resolve))));
    await t.close();
  });

  const PATHS = ["/feeds/rss.xml", "/feeds/atom.xml", "/feeds/feed.json", `/feeds/category/${SYRIA}/rss.xml`];

  /** Each case: request headers (given the document's validators) and the status RFC 9110 calls for. */
  const CASES: { name: string; headers: (v: { etag: string; lastModified: string }) => Record<string, string>; status: number }[] = [
    { name: "no validators", headers: () => ({}), status: 200 },
    { name: "If-None-Match: the current tag", headers: (v) => ({ "if-none-match": v.etag }), status: 304 },
    { name: "If-None-Match: the tag made weak", headers: (v) => ({ "if-none-match": `W/${v.etag}` }), status: 304 },
    { name: "If-None-Match: a list holding the tag", headers: (v) => ({ "if-none-match": `"old-1", W/"old-2" , ${v.etag}` }), status: 304 },
    { name: "If-None-Match: *", headers: () => ({ "if-none-match": "*" }), status: 304 },
    { name: "If-None-Match: another tag", headers: () => ({ "if-none-match": '"other"' }), status: 200 },
    { name: "If-None-Match: the tag without quotes", headers: (v) => ({ "if-none-match": v.etag.slice(1, -1) }), status: 200 },
    { name: "If-Modified-Since: Last-Modified", headers: (v) => ({ "if-modified-since": v.lastModified }), status: 304 },
    { name: "If-Modified-Since: later", headers: () => ({ "if-modified-since": "Fri, 01 Jan 2100 00:00:00 GMT" }), status: 304 },
    { name: "If-Modified-Since: earlier", headers: () => ({ "if-modified-since": "Wed, 08 Jul 2020 18:57:00 GMT" }), status: 200 },
    { name: "If-Modified-Since: not a date", headers: () => ({ "if-modified-since": "yesterday" }), status: 200 },
    { name: "If-None-Match wins over If-Modified-Since", headers: (v) => ({ "if-none-match": '"other"', "if-modified-since": v.lastModified }), status: 200 },
    { name: "Accept-Encoding: br", headers: () => ({ "accept-encoding": "br" }), status: 200 },
    { name: "Accept-Encoding: gzip", headers: () => ({ "accept-encoding": "gzip" }), status: 200 },
    { name: "Accept-Encoding: a browser's", headers: () => ({ "accept-encoding": "gzip, deflate, br, zstd" }), status: 200 },
    { name: "Accept-Encoding: gzip preferred by q", headers: () => ({ "accept-encoding": "br;q=0.5, gzip" }), status: 200 },
    { name: "Accept-Encoding: br refused", headers: () => ({ "accept-encoding": "br;q=0, *" }), status: 200 },
    { name: "Accept-Encoding: identity only", headers: () => ({ "accept-encoding": "identity" }), status: 200 },
    { name: "304 with Accept-Encoding: br", headers: (v) => ({ "if-none-match": v.etag, "accept-encoding": "br" }), status: 304 },
    { name: "If-None-Match: the br tag, Accept-Encoding: br", headers: (v) => ({ "if-none-match": coded(v.etag, "br"), "accept-encoding": "br" }), status: 304 },
    { name: "If-None-Match: the gzip tag, Accept-Encoding: gzip", headers: (v) => ({ "if-none-match": coded(v.etag, "gzip"), "accept-encoding": "gzip" }), status: 304 },
    { name: "If-None-Match: the gzip tag weakened, no Accept-Encoding (after a decompressing proxy)", headers: (v) => ({ "if-none-match": `W/${coded(v.etag, "gzip")}` }), status: 304 },
    { name: "If-None-Match: the br tag in a list, Accept-Encoding: gzip", headers: (v) => ({ "if-none-match": `"old", ${coded(v.etag, "br")}`, "accept-encoding": "gzip" }), status: 304 },
    { name: "If-None-Match: an unknown coding's tag", headers: (v) => ({ "if-none-match": coded(v.etag, "zstd"), "accept-encoding": "gzip" }), status: 200 },
    { name: "a browser navigation", headers: () => ({ accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" }), status: 200 },
    { name: "a feed reader's Accept", headers: () => ({ accept: "application/rss+xml, application/atom+xml, text/html;q=0.1" }), status: 200 },
    { name: "a browser revalidating", headers: (v) => ({ accept: "text/html", "if-none-match": v.etag, "accept-encoding": "gzip, br" }), status: 304 },
    { name: "a valid X-Request-Id", headers: () => ({ "x-request-id": "reader-7.a_b-C" }), status: 200 },
    { name: "an X-Request-Id that is not a safe token", headers: () => ({ "x-request-id": "two words" }), status: 200 },
  ];

  for (const path of PATHS) {
    for (const method of ["GET", "HEAD"]) {
      it(`${method} ${decodeURIComponent(path)}: same status, headers and bytes in every case`, async () => {
        for (const c of CASES) {
          const headers = c.headers(validators[path]!);
          // The fast path would answer this request itself (it declines anything it cannot serve from memory).
          expect(t.feedFastPath(method, path, headers), c.name).toBeDefined();
          const [fast, app] = await Promise.all([send(fastPort, method, path, headers), send(appPort, method, path, headers)]);
          const idSent = headers["x-request-id"] === "reader-7.a_b-C";
          expect(fast.status, c.name).toBe(c.status);
          expect(comparable(fast, idSent), c.name).toEqual(comparable(app, idSent));
          expect(fast.body.equals(app.body), c.name).toBe(true);
          if (method === "HEAD" || c.status === 304) expect(fast.body.byteLength, c.name).toBe(0);
          const id = fast.headers.find(([n]) => n === "x-request-id")?.[1];
          if (idSent) expect(id, c.name).toBe("reader-7.a_b-C");
          else expect(id, c.name).toMatch(UUID);
        }
      });
    }
  }

  it("writes the same request log line as the app (a routine read, at debug)", async () => {
    const path = `/feeds/category/${SYRIA}/rss.xml`;
    const lineFor = (id: string) => {
      const line = t.logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.requestId === id);
      if (!line) throw new Error(`no log line for ${id}`);
      const { time: _time, ms, ...rest } = line;
      expect(typeof ms).toBe("number");
      return rest;
    };
    await send(fastPort, "GET", path, { "x-request-id": "log-fast" });
    await send(appPort, "GET", path, { "x-request-id": "log-app" });
    expect({ ...lineFor("log-fast"), requestId: "" }).toEqual({ ...lineFor("log-app"), requestId: "" });
    expect(lineFor("log-fast")).toMatchObject({ level: "debug", message: "request", method: "GET", path: "/feeds/category/سوريا/rss.xml", status: 200 });
  });
});
