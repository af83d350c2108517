import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { truncateChars, truncateGraphemes, utf8ByteLength } from "../../lib/text/index.ts";

const bytes = (s: string) => new TextEncoder().encode(s).length;
const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const boundaries = (s: string) => new Set([...segmenter.segment(s)].map((g) => g.index).concat(s.length));

describe("utf8ByteLength", () => {
  it("counts like TextEncoder, lone surrogates included", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        expect(utf8ByteLength(s)).toBe(bytes(s));
      }),
    );
  });
});

describe("truncateGraphemes", () => {
  it("returns text that fits unchanged", () => {
    expect(truncateGraphemes("خبر عاجل", 15)).toBe("خبر عاجل");
  });
  it("cuts Arabic within the byte budget and adds an ellipsis", () => {
    // 2 bytes per letter, 3 for the ellipsis.
    expect(truncateGraphemes("مرحبا", 8)).toBe("مر…");
  });
  it("never separates tashkeel from its letter", () => {
    // "مُ" is one grapheme of 4 bytes and the ellipsis takes 3.
    expect(truncateGraphemes("مُحَمَّد", 8)).toBe("مُ…");
    expect(truncateGraphemes("مُحَمَّد", 6)).toBe("…");
  });
  it("never splits an emoji ZWJ sequence", () => {
    const family = "👨‍👩‍👧"; // 18 bytes
    expect(truncateGraphemes(`a${family}bcdef`, 21)).toBe("a…");
    expect(truncateGraphemes(`a${family}bcdef`, 22)).toBe(`a${family}…`);
  });
  it("never splits a flag", () => {
    expect(truncateGraphemes("🇸🇾🇸🇾", 11)).toBe("🇸🇾…");
  });
  it("drops white space before the ellipsis", () => {
    expect(truncateGraphemes("خبر عاجل جدا", 10)).toBe("خبر…");
  });
  it("uses a custom ellipsis", () => {
    expect(truncateGraphemes("abcdef", 5, "...")).toBe("ab...");
  });
  it("omits the ellipsis when it does not fit", () => {
    expect(truncateGraphemes("abcdef", 2)).toBe("ab");
  });
  it("returns an empty string for a zero or negative budget", () => {
    expect(truncateGraphemes("abc", 0)).toBe("");
    expect(truncateGraphemes("abc", -5)).toBe("");
    expect(truncateGraphemes("abc", Number.NaN)).toBe("");
  });
  it("cuts at a grapheme boundary within the byte budget", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("a", " ", "م", "\u064F", "\u0651", "😀", "👨‍👩‍👧", "🇸🇾", "e\u0301", "\u200F") as fc.Arbitrary<string>, maxLength: 40 }),
        fc.integer({ min: 0, max: 120 }),
        fc.constantFrom("…", "...", ""),
        (s, max, ellipsis) => {
          const out = truncateGraphemes(s, max, ellipsis);
          expect(bytes(out)).toBeLessThanOrEqual(max);
          if (out === s) return;
          const prefix = out.endsWith(ellipsis) ? out.slice(0, out.length - ellipsis.length) : out;
          expect(s.startsWith(prefix)).toBe(true);
          expect(boundaries(s).has(prefix.length)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
  it("stays within the byte budget for arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 50 }), fc.integer({ min: 0, max: 100 }), (s, max) => {
        const out = truncateGraphemes(s, max);
        expect(bytes(out)).toBeLessThanOrEqual(max);
        expect(boundaries(s).has((out.endsWith("…") && out !== s ? out.slice(0, -1) : out).length)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("truncateChars", () => {
  it("returns text within the limit unchanged", () => {
    expect(truncateChars("مُحَمَّد", 4)).toBe("مُحَمَّد");
  });
  it("counts a letter with its tashkeel as one", () => {
    expect(truncateChars("مُحَمَّد", 3)).toBe("مُحَ…");
  });
  it("counts an emoji ZWJ sequence as one", () => {
    expect(truncateChars("👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧", 2)).toBe("👨‍👩‍👧…");
  });
  it("drops white space before the ellipsis", () => {
    expect(truncateChars("خبر عاجل", 5)).toBe("خبر…");
  });
  it("omits the ellipsis when the budget cannot hold it", () => {
    expect(truncateChars("abc", 0)).toBe("");
    expect(truncateChars("abc", 2, "...")).toBe("ab");
  });
  it("keeps at most the given number of graphemes, cut at a boundary", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 30 }), fc.integer({ min: 0, max: 35 }), (s, max) => {
        const out = truncateChars(s, max);
        expect([...segmenter.segment(out)].length).toBeLessThanOrEqual(max);
        const prefix = out !== s && out.endsWith("…") ? out.slice(0, -1) : out;
        expect(s.startsWith(prefix)).toBe(true);
        expect(boundaries(s).has(prefix.length)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
