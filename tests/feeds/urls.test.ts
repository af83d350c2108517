import { describe, expect, it } from "vitest";
import { httpUrl, withoutQuery } from "../../lib/feeds/urls.ts";

describe("httpUrl", () => {
  it("keeps an absolute http(s) url", () => {
    expect(httpUrl("http://anapress.net/a/194391885768658")).toBe("http://anapress.net/a/194391885768658");
  });

  it("percent-encodes Arabic paths and spaces so the result is a plain URI", () => {
    expect(httpUrl("https://anapress.net/أخبار/a b")).toBe("https://anapress.net/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/a%20b");
  });

  it("resolves a relative url against the base, and drops it without one", () => {
    expect(httpUrl("/a/1", "http://anapress.net/")).toBe("http://anapress.net/a/1");
    expect(httpUrl("/a/1")).toBeUndefined();
    expect(httpUrl("/a/1", "not a base")).toBeUndefined();
  });

  it("refuses other schemes and garbage without throwing", () => {
    for (const bad of ["javascript:alert(1)", "data:image/png;base64,AA", "ftp://x/y", "http://[bad", "", "   "]) {
      expect(httpUrl(bad, "http://anapress.net/")).toBeUndefined();
    }
  });
});

describe("withoutQuery", () => {
  it("drops the query and fragment", () => {
    expect(withoutQuery("https://f.example/feeds/politics.xml?before=1#x")).toBe("https://f.example/feeds/politics.xml");
  });
});
