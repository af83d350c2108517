import { describe, expect, it } from "vitest";
import { cachedResponse, chooseEncoding, planCachedResponse, responseProfile } from "../../lib/http/cached-response.ts";
import type { RenderedDocument } from "../../lib/feeds/render-cache.ts";

const policy = { maxAge: 60, sMaxAge: 120, staleWhileRevalidate: 300, staleIfError: 86400 };
const lastModified = new Date("2026-11-29T08:00:00Z");
const doc = (): RenderedDocument => ({
  body: new TextEncoder().encode("<rss/>".repeat(200)),
  gzip: new Uint8Array([1, 2, 3]),
  br: new Uint8Array([4, 5]),
  etag: '"abc"',
  lastModified,
  lastModifiedHttp: lastModified.toUTCString(),
});
const get = (headers: { inm?: string; ims?: string; ae?: string } = {}, method = "GET") => ({
  method,
  ifNoneMatch: headers.inm,
  ifModifiedSince: headers.ims,
  acceptEncoding: headers.ae,
});

describe("chooseEncoding", () => {
  const both = { br: new Uint8Array(1), gzip: new Uint8Array(1) };
  it.each([
    [null, both, "identity"],
    ["br", both, "br"],
    ["gzip, deflate, br, zstd", both, "br"],
    ["br;q=0.5, gzip", both, "gzip"],
    ["br;q=0, *", both, "gzip"],
    ["*;q=0", both, "identity"],
    ["identity", both, "identity"],
    ["GZIP;Q=0.9, BR;q=0.9", both, "br"],
    ["br;q=nonsense, gzip;q=0.1", both, "gzip"],
  ] as const)("%s → %s", (header, d, expected) => {
    expect(chooseEncoding(header, d)).toBe(expected);
  });

  it("remembers a header's weights, not the answer: availability is the document's each time", () => {
    expect(chooseEncoding("br;q=0.5, gzip", { br: new Uint8Array(1), gzip: new Uint8Array(1) })).toBe("gzip");
    expect(chooseEncoding("br;q=0.5, gzip", { br: new Uint8Array(1) })).toBe("br");
    expect(chooseEncoding("br;q=0.5, gzip", {})).toBe("identity");
  });
});

describe("planCachedResponse", () => {
  const profile = responseProfile("application/rss+xml; charset=utf-8", policy, { vary: "Accept, Accept-Encoding", "x-extra": "1" });

  it("builds each variant once per document and profile and hands the same one to every request", () => {
    const d = doc();
    expect(planCachedResponse(get({ inm: '"abc"' }), d, profile)).toBe(planCachedResponse(get({ inm: 'W/"abc"' }), d, profile));
    expect(planCachedResponse(get({ ae: "br" }), d, profile)).toBe(planCachedResponse(get({ ae: "gzip, br" }), d, profile));
    const other = responseProfile("application/xml; charset=utf-8", policy);
    expect(planCachedResponse(get(), d, other).headers["content-type"]).toBe("application/xml; charset=utf-8");
    expect(planCachedResponse(get(), doc(), profile)).not.toBe(planCachedResponse(get(), d, profile));
  });

  it("sends validators, policy and route headers on 304 and 200, type, encoding and length only on 200, no body on HEAD", () => {
    const d = doc();
    const notModified = planCachedResponse(get({ inm: "*" }), d, profile);
    expect(notModified.status).toBe(304);
    expect(notModified.body).toBeUndefined();
    expect(notModified.headers).toEqual({
      etag: '"abc"',
      "last-modified": "Sun, 29 Nov 2026 08:00:00 GMT",
      "cache-control": "public, max-age=60, s-maxage=120, stale-while-revalidate=300, stale-if-error=86400",
      vary: "Accept, Accept-Encoding",
      "x-extra": "1",
    });
    const br = planCachedResponse(get({ ae: "br" }), d, profile);
    expect(br.headers).toMatchObject({ "content-encoding": "br", "content-length": "2" });
    expect(br.body).toBe(d.br);
    const head = planCachedResponse(get({ ae: "br" }, "HEAD"), d, profile);
    expect(head.headers).toEqual(br.headers);
    expect(head.body).toBeUndefined();
    expect(planCachedResponse(get(), d, profile).headers["content-length"]).toBe(String(d.body.byteLength));
    // The flat form is the same list, in the same order, then an empty slot for the request id.
    expect(br.flatHeaders.slice(-2)).toEqual(["x-request-id", ""]);
    const pairs = br.flatHeaders.slice(0, -2);
    expect(Object.fromEntries(Array.from({ length: pairs.length / 2 }, (_, i) => [pairs[2 * i], pairs[2 * i + 1]]))).toEqual(br.headers);
  });

  it("answers conditionals per RFC 9110 §13.1: If-None-Match (weak, lists, *) wins over If-Modified-Since", () => {
    const d = doc();
    const status = (h: { inm?: string; ims?: string }) => planCachedResponse(get(h), d, profile).status;
    expect(status({ inm: '"abc"' })).toBe(304);
    expect(status({ inm: 'W/"abc"' })).toBe(304);
    expect(status({ inm: '"x", W/"abc"' })).toBe(304);
    expect(status({ inm: " * " })).toBe(304);
    expect(status({ inm: '"x"' })).toBe(200);
    expect(status({ inm: "" })).toBe(200);
    expect(status({ inm: '"x"', ims: "Fri, 01 Jan 2100 00:00:00 GMT" })).toBe(200);
    expect(status({ ims: "Sun, 29 Nov 2026 08:00:00 GMT" })).toBe(304);
    expect(status({ ims: "Sun, 29 Nov 2026 07:59:59 GMT" })).toBe(200);
    expect(status({ ims: "not a date" })).toBe(200);
  });

  it("gives each coding its own strong ETag, and answers a tag of any coding with the 304 of the coding chosen", () => {
    const d = doc();
    expect([get(), get({ ae: "gzip" }), get({ ae: "br" })].map((r) => planCachedResponse(r, d, profile).headers.etag)).toEqual(['"abc"', '"abc-gzip"', '"abc-br"']);
    for (const inm of ['"abc"', '"abc-gzip"', 'W/"abc-br"', '"x", "abc-gzip"']) {
      expect(planCachedResponse(get({ inm }), d, profile).headers.etag, inm).toBe('"abc"');
      expect(planCachedResponse(get({ inm, ae: "br" }), d, profile).headers.etag, inm).toBe('"abc-br"');
      expect(planCachedResponse(get({ inm, ae: "br" }), d, profile).status, inm).toBe(304);
    }
    // A document too small to compress has one representation, so only its identity tag is current.
    const small: RenderedDocument = { ...doc(), gzip: undefined, br: undefined };
    expect(planCachedResponse(get({ inm: '"abc-gzip"', ae: "gzip" }), small, profile).status).toBe(200);
    expect(planCachedResponse(get({ inm: '"abc"', ae: "gzip" }), small, profile).headers.etag).toBe('"abc"');
  });

  it("adds the request id to the Web Response without touching the shared headers", async () => {
    const d = doc();
    const res = cachedResponse(new Request("https://news.example/feeds/rss.xml", { headers: { "if-none-match": '"abc"' } }), d, profile, "req-1");
    expect(res.status).toBe(304);
    expect(res.headers.get("x-request-id")).toBe("req-1");
    expect(planCachedResponse(get({ inm: '"abc"' }), d, profile).headers["x-request-id"]).toBeUndefined();
  });
});
