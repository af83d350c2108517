import { describe, expect, it } from "vitest";
import { SEARCH_LIMITS, matchesQuery, normalizeArabicForSearch, queryTokens, searchTokens } from "../../lib/text/index.ts";

describe("normalizeArabicForSearch", () => {
  const cases: Array<[name: string, input: string, expected: string]> = [
    ["folds alef with hamza above", "أحمد", "احمد"],
    ["folds alef with hamza below", "إدلب", "ادلب"],
    ["folds alef with madda", "آمال", "امال"],
    ["folds alef wasla", "ٱلله", "الله"],
    ["folds decomposed alef with madda", "\u0627\u0653مال", "امال"],
    ["folds alef maqsura to yeh", "مستشفى", "مستشفي"],
    ["folds teh marbuta to heh", "مدرسة", "مدرسه"],
    ["folds Persian yeh and keheh", "کیف", "كيف"],
    ["removes tashkeel", "مُحَمَّدٌ", "محمد"],
    ["removes superscript alef", "هٰذا", "هذا"],
    ["removes tatweel", "كـــورونا", "كورونا"],
    ["maps Arabic-Indic digits to ASCII", "١٥٠", "150"],
    ["maps Eastern Arabic-Indic digits to ASCII", "۱۵۰", "150"],
    ["lowercases Latin", "COVID-19 في Idlib", "covid-19 في idlib"],
    ["strips bidi marks", "\u200Fنص\u200E", "نص"],
    ["strips bidi embeddings and isolates", "\u202Bا\u202C \u2066BBC\u2069", "ا bbc"],
    ["strips the Arabic letter mark", "\u061Cنص", "نص"],
    ["strips ZWNJ and ZWJ", "می\u200Cخواهم ك\u200Dتاب", "ميخواهم كتاب"],
    ["turns a zero-width space into a word break", "حلب\u200Bدمشق", "حلب دمشق"],
    ["collapses and trims white space", "  حلب \n\t دمشق\u00A0 ", "حلب دمشق"],
    ["folds Arabic presentation forms", "ﻻ ﺑﺄﺱ", "لا باس"],
    ["keeps hamza on waw and yeh", "مسؤول مسئول", "مسؤول مسئول"],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => expect(normalizeArabicForSearch(input)).toBe(expected));
  }
  it("is idempotent", () => {
    const once = normalizeArabicForSearch("  أَحْمَدُ فِي مَدْرَسَةِ إدلب ١٥٠ كـــورونا\u200F ");
    expect(normalizeArabicForSearch(once)).toBe(once);
  });
});

describe("searchTokens", () => {
  it("splits on spaces and punctuation", () => {
    expect(searchTokens("حلب، دمشق: «إدلب» (150)!")).toEqual(["حلب", "دمشق", "ادلب", "150"]);
  });
  it("keeps clitics attached, without stemming", () => {
    expect(searchTokens("والمدرسة")).toEqual(["والمدرسه"]);
  });
  it("returns no tokens for punctuation only", () => {
    expect(searchTokens("،؛؟ ... !")).toEqual([]);
  });
});

describe("queryTokens", () => {
  it("drops one-letter tokens", () => {
    expect(queryTokens("و حلب a")).toEqual(["حلب"]);
  });
  it("removes duplicate tokens after folding", () => {
    expect(queryTokens("إدلب ادلب أدلب")).toEqual(["ادلب"]);
  });
  it("keeps at most ten tokens", () => {
    const query = Array.from({ length: 15 }, (_, i) => `w${i}`).join(" ");
    expect(queryTokens(query)).toHaveLength(SEARCH_LIMITS.maxTokens);
  });
  it("looks only at the first 200 characters", () => {
    const query = "ا".repeat(199) + " حلب";
    expect(queryTokens(query)).toEqual(["ا".repeat(199)]);
  });
});

describe("matchesQuery", () => {
  const pairs: Array<[query: string, text: string]> = [
    ["إدلب", "قصف على ادلب"],
    ["ادلب", "قصف على إدلب"],
    ["مدرسة", "افتتاح مدرسه جديدة"],
    ["مُحَمَّد", "قال محمد"],
    ["محمد", "قال مُحَمَّدٌ"],
    ["١٥٠", "مقتل 150 شخصا"],
    ["150", "مقتل ١٥٠ شخصا"],
    ["كـــورونا", "إصابات كورونا"],
    ["كورونا", "إصابات كـــورونا"],
    ["مستشفى", "قصف مستشفي"],
    ["covid", "إصابات COVID-19"],
  ];
  for (const [query, text] of pairs) {
    it(`finds "${query}" in "${text}"`, () => expect(matchesQuery([text], query)).toBe(true));
  }
  it("matches a query token as a word prefix", () => {
    expect(matchesQuery(["افتتاح مدرسة"], "مدرس")).toBe(true);
  });
  it("does not match inside a word", () => {
    expect(matchesQuery(["افتتاح مدرسة"], "درسة")).toBe(false);
  });
  it("requires every query token", () => {
    expect(matchesQuery(["قصف على إدلب"], "إدلب حلب")).toBe(false);
  });
  it("accepts tokens spread over several fields", () => {
    expect(matchesQuery(["قصف على إدلب", "وفي حلب أيضا"], "إدلب حلب")).toBe(true);
  });
  it("matches nothing for an empty query", () => {
    expect(matchesQuery(["حلب"], "   ")).toBe(false);
  });
  it("matches nothing for a query of one-letter words", () => {
    expect(matchesQuery(["و في حلب"], "و")).toBe(false);
  });
  it("does not find a word behind a clitic (no stemming)", () => {
    expect(matchesQuery(["والمدرسة"], "مدرسة")).toBe(false);
  });
});
