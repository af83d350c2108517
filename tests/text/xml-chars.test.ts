import { describe, expect, it } from "vitest";
import { cleanText, stripXmlForbidden } from "../../lib/text/index.ts";

describe("stripXmlForbidden", () => {
  it("removes C0 controls except tab, newline and carriage return", () => {
    let controls = "";
    for (let cp = 0; cp < 0x20; cp++) controls += String.fromCharCode(cp);
    expect(stripXmlForbidden(`a${controls}b`)).toBe("a\t\n\rb");
  });
  it("keeps DEL and C1 controls, which XML 1.0 allows", () => {
    expect(stripXmlForbidden("a\u007F\u0085b")).toBe("a\u007F\u0085b");
  });
  it("removes U+FFFE and U+FFFF", () => {
    expect(stripXmlForbidden("a\uFFFEb\uFFFFc")).toBe("abc");
  });
  it("keeps U+FFFD", () => {
    expect(stripXmlForbidden("a\uFFFDb")).toBe("a\uFFFDb");
  });
  it("removes a lone high surrogate", () => {
    expect(stripXmlForbidden("a\uD83Db")).toBe("ab");
  });
  it("removes a lone low surrogate", () => {
    expect(stripXmlForbidden("a\uDE00b")).toBe("ab");
  });
  it("removes a lone surrogate at the end of the text", () => {
    expect(stripXmlForbidden("خبر\uD83D")).toBe("خبر");
  });
  it("keeps valid astral characters such as emoji and flags", () => {
    expect(stripXmlForbidden("😀 🇸🇾 👨‍👩‍👧 𝕏")).toBe("😀 🇸🇾 👨‍👩‍👧 𝕏");
  });
  it("keeps bidi controls (LRM, RLM, embeddings, isolates)", () => {
    const bidi = "\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u061C";
    expect(stripXmlForbidden(`نص${bidi}text`)).toBe(`نص${bidi}text`);
  });
  it("keeps ZWJ and ZWNJ", () => {
    expect(stripXmlForbidden("می\u200Cخواهم\u200D")).toBe("می\u200Cخواهم\u200D");
  });
  it("does not normalise", () => {
    expect(stripXmlForbidden("\u0627\u0653")).toBe("\u0627\u0653");
  });
});

describe("cleanText", () => {
  it("composes decomposed alef with madda to U+0622", () => {
    expect(cleanText("\u0627\u0653")).toBe("\u0622");
  });
  it("composes decomposed alef with hamza above and below", () => {
    expect(cleanText("\u0627\u0654\u0020\u0627\u0655")).toBe("\u0623 \u0625");
  });
  it("leaves Arabic with tashkeel byte-exact", () => {
    const text = "مُحَمَّدٌ رَسُولُ اللَّهِ، إِدْلِبُ ١٥٠";
    expect(cleanText(text)).toBe(text);
    expect(new TextEncoder().encode(cleanText(text))).toEqual(new TextEncoder().encode(text));
  });
  it("keeps tatweel and Arabic-Indic digits", () => {
    expect(cleanText("كـــورونا ١٥٠ ۱۵۰")).toBe("كـــورونا ١٥٠ ۱۵۰");
  });
  it("strips forbidden characters and normalises in one pass", () => {
    expect(cleanText("\u0000\u0627\uFFFF\u0653\uD800")).toBe("\u0622");
  });
  it("composes Latin combining accents", () => {
    expect(cleanText("Cafe\u0301")).toBe("Café");
  });
  it("keeps bidi controls around mixed-direction titles", () => {
    const title = "\u202Bعاجل: \u2066BBC\u2069 تقول\u202C";
    expect(cleanText(title)).toBe(title);
  });
});
