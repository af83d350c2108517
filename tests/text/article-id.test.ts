import { describe, expect, it } from "vitest";
import { articleIdFromUrl, canonicalizeUrl, isValidArticleId } from "../../lib/text/index.ts";

describe("canonicalizeUrl", () => {
  const cases: Array<[name: string, input: string, expected: string]> = [
    ["lowercases scheme and host", "HTTP://ANAPRESS.NET/a/1", "http://anapress.net/a/1"],
    ["drops the default http port", "http://anapress.net:80/a/1", "http://anapress.net/a/1"],
    ["drops the default https port", "https://anapress.net:443/a/1", "https://anapress.net/a/1"],
    ["keeps a non-default port", "https://anapress.net:8443/a/1", "https://anapress.net:8443/a/1"],
    ["drops the fragment", "https://anapress.net/a/1#top", "https://anapress.net/a/1"],
    ["drops utm parameters", "https://anapress.net/a/1?utm_source=x&UTM_Medium=y", "https://anapress.net/a/1"],
    ["drops fbclid and gclid", "https://anapress.net/a/1?fbclid=1&gclid=2", "https://anapress.net/a/1"],
    ["keeps and sorts other parameters", "https://anapress.net/a?p=2&id=7&utm_campaign=z", "https://anapress.net/a?id=7&p=2"],
    ["keeps the order of repeated parameters", "https://anapress.net/a?t=2&a=1&t=1", "https://anapress.net/a?a=1&t=2&t=1"],
    ["drops credentials", "https://user:pw@anapress.net/a", "https://anapress.net/a"],
    ["keeps the path case and trailing slash", "https://anapress.net/News/A/", "https://anapress.net/News/A/"],
    ["percent-encodes an Arabic path", "https://anapress.net/خبر", "https://anapress.net/%D8%AE%D8%A8%D8%B1"],
    ["uppercases percent escapes", "https://anapress.net/%d8%ae", "https://anapress.net/%D8%AE"],
    ["punycodes an Arabic host", "https://مثال.إختبار/a", "https://xn--mgbh0fb.xn--kgbechtv/a"],
    ["trims surrounding white space", "  https://anapress.net/a  ", "https://anapress.net/a"],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => expect(canonicalizeUrl(input)).toBe(expected));
  }
  it("is idempotent", () => {
    const once = canonicalizeUrl("HTTP://AnaPress.net:80/خبر/%d8?b=1&a=&utm_x=1#f");
    expect(canonicalizeUrl(once)).toBe(once);
  });
  it("throws for relative urls", () => {
    expect(() => canonicalizeUrl("/a/1")).toThrow(TypeError);
  });
  it("throws for non-http schemes", () => {
    expect(() => canonicalizeUrl("javascript:alert(1)")).toThrow(TypeError);
    expect(() => canonicalizeUrl("ftp://anapress.net/a")).toThrow(TypeError);
  });
});

describe("articleIdFromUrl", () => {
  it("gives the same id for the same article spelled differently", async () => {
    const a = await articleIdFromUrl("http://ANAPRESS.net:80/a/1?utm_source=x#top");
    const b = await articleIdFromUrl("http://anapress.net/a/1");
    expect(a).toBe(b);
  });
  it("gives a different id for a different path", async () => {
    expect(await articleIdFromUrl("http://anapress.net/a/1")).not.toBe(await articleIdFromUrl("http://anapress.net/a/2"));
  });
  it("gives a different id for a different query", async () => {
    expect(await articleIdFromUrl("http://anapress.net/a?id=1")).not.toBe(await articleIdFromUrl("http://anapress.net/a?id=2"));
  });
  it("is u followed by 32 lowercase base32 characters", async () => {
    expect(await articleIdFromUrl("https://anapress.net/a/1")).toMatch(/^u[a-z2-7]{32}$/);
  });
  it("is the base32 of the first 20 bytes of SHA-256 of the canonical url", async () => {
    // An independent computation: node:crypto and a bit-string base32.
    const { createHash } = await import("node:crypto");
    const digest = createHash("sha256").update("http://anapress.net/a/1").digest().subarray(0, 20);
    let bits = "";
    for (const byte of digest) bits += byte.toString(2).padStart(8, "0");
    const expected = bits.match(/.{5}/g)!.map((chunk) => "abcdefghijklmnopqrstuvwxyz234567"[parseInt(chunk, 2)]).join("");
    expect(await articleIdFromUrl("http://anapress.net/a/1")).toBe("u" + expected);
  });
  it("produces ids the store accepts", async () => {
    expect(isValidArticleId(await articleIdFromUrl("https://anapress.net/خبر?id=1"))).toBe(true);
  });
});

describe("isValidArticleId", () => {
  it.each(["a", "u0", "news-2024_05.01", "A".repeat(128)])("accepts %s", (id) => {
    expect(isValidArticleId(id)).toBe(true);
  });
  it.each(["", "-a", ".a", "_a", "a/b", "a b", "خبر", "a".repeat(129), "a\n"])("rejects %j", (id) => {
    expect(isValidArticleId(id)).toBe(false);
  });
});
