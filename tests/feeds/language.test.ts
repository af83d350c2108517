import { describe, expect, it } from "vitest";
import { directedHtml, languageTag, textDirection } from "../../lib/feeds/language.ts";

describe("textDirection", () => {
  it.each(["ar", "ar-SY", "AR", "fa", "ur", "he", "ps", "ckb", "az-Arab"])("is rtl for %s", (tag) => {
    expect(textDirection(tag)).toBe("rtl");
  });

  it.each(["en", "fr", "tr", "ku", "ar-Latn", "x"])("is ltr for %s", (tag) => {
    expect(textDirection(tag)).toBe("ltr");
  });
});

describe("languageTag", () => {
  it("keeps a well-formed tag and replaces a malformed one with the fallback", () => {
    expect(languageTag(" ar-SY ", "ar")).toBe("ar-SY");
    expect(languageTag('ar"><x', "ar")).toBe("ar");
    expect(languageTag("", "en")).toBe("en");
  });
});

describe("directedHtml", () => {
  it("wraps Arabic HTML in a right-to-left div carrying the language", () => {
    expect(directedHtml("<p>مرحبا</p>", "ar")).toBe('<div dir="rtl" lang="ar"><p>مرحبا</p></div>');
  });

  it("wraps English HTML left to right", () => {
    expect(directedHtml("<p>hi</p>", "en")).toBe('<div dir="ltr" lang="en"><p>hi</p></div>');
  });
});
