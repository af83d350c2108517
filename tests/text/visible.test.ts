import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasVisibleText } from "../../lib/text/index.ts";

describe("hasVisibleText", () => {
  it.each([
    ["nothing", ""],
    ["spaces, tabs, newlines, NBSP, em and ideographic spaces, NEL", " \t\n\u00a0\u2003\u3000\u0085"],
    ["RLM, LRM and the Arabic letter mark", "\u200f\u200e\u061c"],
    ["bidi embeddings, overrides and isolates", "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"],
    ["zero-width space, joiners, word joiner, BOM", "\u200b\u200c\u200d\u2060\ufeff"],
    ["a soft hyphen", "\u00ad"],
    ["tashkeel with no letter under it", "\u064b\u064e\u0651\u0652"],
    ["a combining enclosing circle and a grapheme joiner", "\u20dd\u034f"],
    ["tatweel", "\u0640\u0640\u0640"],
    ["tatweel carrying tashkeel, between RLMs", "\u200f\u0640\u064e\u0640\u0651\u200f"],
    ["Hangul fillers", "\u3164\u115f\u1160\uffa0"],
    ["variation selectors and tag characters", "\ufe0f\u{e0041}\u{e007f}"],
    ["the Braille blank", "\u2800\u2800"],
    ["C0 and C1 controls", "\u0001\u001b\u007f\u0085\u009f"],
    ["lone surrogates and noncharacters", "\udfff\ud800\ufffe\uffff"],
  ])("finds nothing visible in %s", (_, text) => {
    expect(hasVisibleText(text)).toBe(false);
  });

  it.each([
    ["an Arabic word", "خبر"],
    ["one Latin letter among marks", "\u200f\u200ea\u200e"],
    ["a letter carrying tashkeel", "\u0628\u064e"],
    ["a stretched word", "عـــاجل"],
    ["Arabic-Indic digits", "١٥٠"],
    ["punctuation", "«»"],
    ["an emoji", "\u{1f4f0}"],
    ["a Hangul syllable", "\ud55c"],
  ])("finds %s visible", (_, text) => {
    expect(hasVisibleText(text)).toBe(true);
  });

  it("is decided by the visible characters alone: adding invisible ones anywhere changes nothing", () => {
    const invisible = fc.constantFrom("\u200f", "\u200e", "\u061c", "\u2067", "\u2069", "\u200b", "\u200d", "\u0640", "\u064e", "\u3164", " ", "\u00a0");
    const visible = fc.constantFrom("خ", "ب", "ر", "a", "1", "١", "«", "\u{1f4f0}");
    fc.assert(
      fc.property(fc.array(invisible), fc.array(visible), fc.array(invisible), (before, letters, after) => {
        const text = [...before, ...letters, ...after].join("");
        expect(hasVisibleText(text)).toBe(letters.length > 0);
      }),
    );
  });
});
