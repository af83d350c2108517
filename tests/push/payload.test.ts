import fc from "fast-check";
import { describe, expect, it } from "vitest";
import webpush from "web-push";
import type { Article } from "../../lib/model/article.ts";
import { buildPushPayload, MAX_PAYLOAD_BYTES, topicFor, truncateGraphemes, withClickTag, type PushPayload } from "../../lib/push/payload.ts";
import { parseDeclarativePush } from "../helpers/declarative-push.ts";
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
const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const clusters = (text: string) => Array.from(segmenter.segment(text), (s) => s.segment);

/** Arabic with harakat (combining marks), a ZWJ family emoji and a flag: every cut point is a trap. */
const trickyArabic = "بِسْمِ اللَّهِ الرَّحْمَٰنِ 👨‍👩‍👧‍👦 🇸🇦 عاجل: ";
const hugeTitle = trickyArabic.repeat(Math.ceil(10_000 / trickyArabic.length)).slice(0, 10_000);

const TAG = "AbCdEfGhIjKlMnOpQrSt";
/** The JSON one subscriber receives. */
const sent = (payload: PushPayload) => JSON.stringify(withClickTag(payload, TAG));

describe("buildPushPayload", () => {
  it("is a declarative push message with the article's right-to-left notification", () => {
    expect(buildPushPayload(article, options)).toEqual({
      web_push: 8030,
      notification: {
        title: article.title,
        body: article.summary,
        navigate: "https://news.example.com/push/open/2020-07-08-sudan-talks",
        lang: "ar",
        dir: "rtl",
        tag: "article-2020-07-08-sudan-talks",
        timestamp: Date.parse(article.publishedAt),
        silent: false,
        icon: "https://news.example.com/icon-192.png",
        image: article.imageUrl,
      },
    });
  });

  it("gives each subscriber's copy its click tag in navigate, and nothing else changes", () => {
    const payload = buildPushPayload(article, options);
    const copy = withClickTag(payload, TAG);
    expect(copy.notification.navigate).toBe(`https://news.example.com/push/open/2020-07-08-sudan-talks?s=${TAG}`);
    expect({ ...copy.notification, navigate: payload.notification.navigate }).toEqual(payload.notification);
    expect(payload.notification.navigate).not.toContain("?s=");
    expect(() => withClickTag(payload, "short")).toThrow(RangeError);
  });

  it("passes the declarative push message parser: title, navigate, dir and lang as a browser reads them", () => {
    const result = parseDeclarativePush(sent(buildPushPayload(article, options)), "https://news.example.com/");
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(result.message).toMatchObject({ title: article.title, body: article.summary, lang: "ar", dir: "rtl", silent: false, mutable: false });
    expect(result.message.navigate.href).toBe(`https://news.example.com/push/open/2020-07-08-sudan-talks?s=${TAG}`);
    expect(result.message.timestamp).toBe(Date.UTC(2020, 6, 8, 18, 57));
  });

  it("the parser has teeth: each broken message fails it", () => {
    const good = JSON.parse(sent(buildPushPayload(article, options)));
    const edits: Array<(m: Record<string, any>) => void> = [
      (m) => delete m.web_push,
      (m) => (m.web_push = "8030"),
      (m) => (m.web_push = 9001),
      (m) => (m.notification = "text"),
      (m) => delete m.notification.title,
      (m) => (m.notification.title = ""),
      (m) => delete m.notification.navigate,
      (m) => (m.notification.navigate = "https://[bad"),
      (m) => (m.notification.dir = "rtl-ish"),
      (m) => (m.notification.timestamp = -1),
      (m) => (m.notification.timestamp = 1.5),
      (m) => (m.notification.silent = "false"),
      (m) => ((m.notification.silent = true), (m.notification.vibrate = [100])),
      (m) => ((m.notification.renotify = true), (m.notification.tag = "")),
      (m) => (m.mutable = "yes"),
    ];
    for (const edit of edits) {
      const broken = structuredClone(good);
      edit(broken);
      expect(parseDeclarativePush(JSON.stringify(broken), "https://news.example.com/"), JSON.stringify(broken)).toMatchObject({ ok: false });
    }
    for (const raw of ["not json", "[]", "8030", ""]) expect(parseDeclarativePush(raw, "https://news.example.com/").ok).toBe(false);
  });

  it("keeps a 10,000-character Arabic title under 3000 bytes and cuts it on a grapheme boundary", () => {
    const payload = buildPushPayload({ ...article, title: hugeTitle, summary: hugeTitle }, options);
    expect(Buffer.byteLength(sent(payload))).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    for (const text of [payload.notification.title, payload.notification.body]) {
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

  it("stays under the limit, and valid, whatever the title, summary, id and URLs", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 3000 }),
        fc.string({ unit: "binary", maxLength: 6000 }),
        fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/),
        fc.string({ maxLength: 3000 }),
        (title, summary, id, path) => {
          const long = `https://www.anapress.net/${encodeURIComponent(path)}`;
          const text = sent(buildPushPayload({ ...article, id, title: title || "x", summary, url: long, imageUrl: long }, options));
          return Buffer.byteLength(text) <= MAX_PAYLOAD_BYTES && parseDeclarativePush(text, "https://news.example.com/").ok;
        },
      ),
      { numRuns: 300 },
    );
  });

  it("encrypts to well under the 4096-byte push limit", () => {
    const payload = buildPushPayload({ ...article, title: hugeTitle, summary: hugeTitle }, options);
    const keys = createSubscriberKeys();
    const { cipherText } = webpush.encrypt(keys.p256dh, keys.auth, sent(payload), "aes128gcm");
    expect(cipherText.length).toBeLessThan(4096 - 500);
  });

  it("drops an over-long image, and never carries the article URL (the click-through route redirects to it)", () => {
    const long = `https://www.anapress.net/${"a".repeat(2000)}`;
    const payload = buildPushPayload({ ...article, url: long, imageUrl: long }, options);
    expect(payload.notification.image).toBeUndefined();
    expect(JSON.stringify(payload)).not.toContain("anapress.net/a");
  });

  it("marks left-to-right languages as ltr", () => {
    expect(buildPushPayload({ ...article, lang: "en" }, options).notification).toMatchObject({ lang: "en", dir: "ltr" });
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
