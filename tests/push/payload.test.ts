import fc from "fast-check";
import { describe, expect, it } from "vitest";
import webpush from "web-push";
import type { Article } from "../../lib/model/article.ts";
import { buildPushPayload, MAX_PAYLOAD_BYTES, topicFor, truncateGraphemes } from "../../lib/push/payload.ts";
import { createSubscriberKeys } from "../helpers/push-client.ts";

const article: Article = {
  id: "2020-07-08-sudan-talks",
  title: "وزير الخارجية يلتقي نظيره في الخرطوم",
  url: "https://www.anapress.net/ar/articles/sudan-talks",
  summary: "بحث الجانبان سبل تعزيز العلاقات الثنائية.",
  contentHtml: "<p>نص</p>",
  tags: [],
  imageUrl: "https://www.anapress.net/images/lead.jpg",
  publishedAt: "2020-07-08T18:57:00.000Z",
  updatedAt: "2020-07-08T18:57:00.000Z",
  views: 0,
  lang: "ar",
  breaking: false,
};
const options = { baseUrl: "https://news.example.com", iconUrl: "/icon-192.png" };
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");
const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const clusters = (text: string) => Array.from(segmenter.segment(text), (s) => s.segment);

/** Arabic with harakat (combining marks), a ZWJ family emoji and a flag: every cut point is a trap. */
const trickyArabic = "بِسْمِ اللَّهِ الرَّحْمَٰنِ 👨‍👩‍👧‍👦 🇸🇦 عاجل: ";
const hugeTitle = trickyArabic.repeat(Math.ceil(10_000 / trickyArabic.length)).slice(0, 10_000);

describe("buildPushPayload", () => {
  it("carries the article fields a right-to-left notification needs", () => {
    expect(buildPushPayload(article, options)).toEqual({
      title: article.title,
      body: article.summary,
      url: article.url,
      icon: "https://news.example.com/icon-192.png",
      image: article.imageUrl,
      tag: "article-2020-07-08-sudan-talks",
      lang: "ar",
      dir: "rtl",
      publishedAt: article.publishedAt,
    });
  });

  it("keeps a 10,000-character Arabic title under 3000 bytes and cuts it on a grapheme boundary", () => {
    const payload = buildPushPayload({ ...article, title: hugeTitle, summary: hugeTitle }, options);
    expect(bytes(payload)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    for (const text of [payload.title, payload.body]) {
      expect(text.endsWith("…")).toBe(true);
      const kept = text.slice(0, -1);
      expect(hugeTitle.startsWith(kept)).toBe(true);
      // The kept part is a whole number of the original's grapheme clusters.
      const original = clusters(hugeTitle);
      const keptClusters = clusters(kept);
      expect(keptClusters).toEqual(original.slice(0, keptClusters.length));
      expect(hugeTitle.slice(kept.length)).not.toMatch(/^[\p{M}\u200d\ufe0f]/u);
    }
  });

  it("stays under the limit whatever the title, summary and URLs", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 3000 }),
        fc.string({ unit: "binary", maxLength: 6000 }),
        fc.string({ maxLength: 3000 }),
        (title, summary, path) => {
          const long = `https://www.anapress.net/${encodeURIComponent(path)}`;
          const payload = buildPushPayload({ ...article, id: path || "x", title, summary, url: long, imageUrl: long }, options);
          return bytes(payload) <= MAX_PAYLOAD_BYTES;
        },
      ),
      { numRuns: 300 },
    );
  });

  it("encrypts to well under the 4096-byte push limit", () => {
    const payload = buildPushPayload({ ...article, title: hugeTitle, summary: hugeTitle }, options);
    const keys = createSubscriberKeys();
    const { cipherText } = webpush.encrypt(keys.p256dh, keys.auth, JSON.stringify(payload), "aes128gcm");
    expect(cipherText.length).toBeLessThan(4096 - 500);
  });

  it("falls back to the site root for an over-long article URL and drops an over-long image", () => {
    const long = `https://www.anapress.net/${"a".repeat(2000)}`;
    const payload = buildPushPayload({ ...article, url: long, imageUrl: long }, options);
    expect(payload.url).toBe("https://news.example.com/");
    expect(payload.image).toBeUndefined();
  });

  it("marks left-to-right languages as ltr", () => {
    expect(buildPushPayload({ ...article, lang: "en" }, options).dir).toBe("ltr");
  });
});

describe("truncateGraphemes", () => {
  it("leaves text that fits untouched", () => {
    expect(truncateGraphemes("خبر عاجل", 10, 100)).toBe("خبر عاجل");
  });

  it("keeps an exact fit of graphemes without an ellipsis", () => {
    const text = "بِسْمِ"; // 3 clusters, 6 code units
    expect(truncateGraphemes(text, 3, 100)).toBe(text);
  });

  it("never splits an emoji sequence", () => {
    expect(truncateGraphemes("أ👨‍👩‍👧‍👦ب", 2, 100)).toBe("أ…");
  });
});

describe("topicFor", () => {
  it("derives a stable Topic of at most 32 url-safe base64 characters", async () => {
    const topic = await topicFor(article.id);
    expect(topic).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
    expect(await topicFor(article.id)).toBe(topic);
    expect(await topicFor(`${article.id}-2`)).not.toBe(topic);
    expect(await topicFor("x".repeat(500))).toHaveLength(32);
  });
});
