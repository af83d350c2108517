/**
 * Titles and summaries that show nothing: bidi marks, zero-width and format characters, tashkeel with no letter,
 * tatweel, Hangul fillers. Each is refused with 400 naming the field, by POST, PATCH and the import path, and nothing
 * is stored; the same marks inside real text are kept byte-exact.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedItemsToArticles } from "../../lib/import/index.ts";
import { request, startTestServices, type TestServices } from "../helpers/test-store.ts";
import { expectNothingLeaked, hostileCases, Recorder, tableSnapshot, type HostileCase } from "./harness.ts";

const valid = { title: "خبر", url: "https://anapress.net/a/invisible" };

/** Text that renders as nothing, each kind on its own and then all together. */
const BLANKS: [string, string][] = [
  ["RLM and LRM marks", "\u200f\u200e\u200f"],
  ["the Arabic letter mark", "\u061c"],
  ["bidi embeddings and overrides", "\u202b\u202e\u202c"],
  ["bidi isolates", "\u2067\u2069\u2068\u2069"],
  ["zero-width space, joiners and word joiner", "\u200b\u200c\u200d\u2060"],
  ["a byte-order mark", "\ufeff"],
  ["a soft hyphen", "\u00ad"],
  ["tashkeel with no base letter", "\u064e\u0651\u0650"],
  ["tatweel", "\u0640\u0640\u0640\u0640"],
  ["tatweel carrying tashkeel", "\u0640\u064b\u0640\u0652"],
  ["the Hangul filler", "\u3164"],
  ["the Hangul choseong and jungseong fillers", "\u115f\u1160"],
  ["the halfwidth Hangul filler", "\uffa0"],
  ["no-break and ideographic spaces", "\u00a0\u3000\u2003"],
  ["variation selectors and tag characters", "\ufe0f\u{e0020}\u{e007f}"],
  ["all of them mixed with spaces", " \u200f\u0640\u064e \u2067\u200b\u3164\u2069\ufeff\u115f "],
];

const post = (json: unknown) => ({ method: "POST", path: "/api/articles", admin: true, json });
const patch = (json: unknown) => ({ method: "PATCH", path: "/api/articles/live-1", admin: true, json });

const cases: HostileCase[] = BLANKS.flatMap(([kind, blank]) => [
  { name: `refuses a title of ${kind} with 400 naming /title`, ...post({ ...valid, title: blank }), status: 400, pointer: "/title" },
  { name: `refuses a summary of ${kind} with 400 naming /summary`, ...post({ ...valid, summary: blank }), status: 400, pointer: "/summary" },
  { name: `refuses a PATCH to a title of ${kind} with 400 naming /title`, ...patch({ title: blank }), status: 400, pointer: "/title" },
  { name: `refuses a PATCH to a summary of ${kind} with 400 naming /summary`, ...patch({ summary: blank }), status: 400, pointer: "/summary" },
]);

describe("titles and summaries with nothing visible", () => {
  let t: TestServices;
  let before: string;
  const recorder = new Recorder();
  beforeAll(async () => {
    t = await startTestServices();
    const res = await request(t, "/api/articles", { method: "POST", admin: true, json: { id: "live-1", title: "خبر قائم", url: "https://anapress.net/a/live-1", summary: "ملخص" } });
    expect(res.status).toBe(201);
    before = await tableSnapshot(t);
  });
  afterAll(async () => t?.close());

  describe("refused", () => hostileCases(() => t, recorder, cases));

  it("refuses them on the publishing path imports and the demo loader use, naming the field", async () => {
    for (const [kind, blank] of BLANKS) {
      const title = await t.service.publish({ ...valid, title: blank });
      expect(title.kind === "invalid" && title.problems.map((p) => p.pointer), kind).toEqual(["/title"]);
      const summary = await t.service.publish({ ...valid, summary: blank });
      expect(summary.kind === "invalid" && summary.problems.map((p) => p.pointer), kind).toEqual(["/summary"]);
    }
  });

  it("has the importer skip a blank-titled item and drop a blank summary, so one odd item fails nothing", () => {
    const items = BLANKS.map(([, blank], i) => ({ title: blank, link: `https://news.example/a/${i}`, authors: [], categories: [], imageUrls: [] }));
    const kept = { title: "خبر", link: "https://news.example/a/kept", summaryText: "\u200f\u0640\u200b", authors: [], categories: [], imageUrls: [] };
    const result = feedItemsToArticles({ format: "rss", items: [...items, kept] });
    expect(result.skipped.map((s) => s.reason)).toEqual(BLANKS.map((_, i) => `no title: https://news.example/a/${i}`));
    expect(result.articles).toEqual([{ title: "خبر", url: "https://news.example/a/kept" }]);
  });

  it("stored nothing, answered no 5xx and leaked nothing", async () => {
    expect(recorder.count).toBe(cases.length);
    expectNothingLeaked(t, recorder);
    expect(await tableSnapshot(t)).toBe(before);
  });

  it("keeps bidi marks, joiners and tatweel inside real text byte-exact", async () => {
    const title = "\u200fميشيل عون\u200f: نطلب مساعدة \u200eIOM\u200e الـ\u200e2020\u200e \u2067«عاجـــل»\u2069";
    const summary = "\u200fنصٌّ\u200cمع فاصل و\u200dوصل\u200f";
    const res = await request(t, "/api/articles", { method: "POST", admin: true, json: { id: "bidi-1", title, url: "https://anapress.net/a/bidi-1", summary } });
    expect(res.status).toBe(201);
    const read = (await (await request(t, "/api/articles/bidi-1")).json()) as { title: string; summary: string };
    expect(Buffer.from(read.title)).toEqual(Buffer.from(title));
    expect(Buffer.from(read.summary)).toEqual(Buffer.from(summary));
    const patched = await request(t, "/api/articles/bidi-1", { method: "PATCH", admin: true, json: { title: "\u0640\u200fب\u064e\u200f" } });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { title: string }).title).toBe("\u0640\u200fب\u064e\u200f");
  });

  it("still takes an empty summary: it is how an article without one reads back", async () => {
    const res = await request(t, "/api/articles", { method: "POST", admin: true, json: { id: "no-summary", title: "خبر بلا ملخص", url: "https://anapress.net/a/no-summary", summary: "" } });
    expect(res.status).toBe(201);
  });
});
