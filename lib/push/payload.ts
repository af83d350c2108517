/** The notification payload a service worker receives: built from an Article, bounded in size, cut on graphemes. */

import type { Article } from "../model/article.ts";
import { bytesToBase64url } from "../crypto/base64url.ts";
import { segmentGraphemes } from "../text/graphemes.ts";

/** JSON shape the service worker turns into `showNotification(title, {body, icon, image, tag, lang, dir, data})`. */
export interface PushPayload {
  title: string;
  body: string;
  /** Absolute URL opened on click. */
  url: string;
  icon?: string;
  image?: string;
  /** `article-<id>`: a second push for the same story replaces the first notification. */
  tag: string;
  lang: string;
  dir: "rtl" | "ltr";
  publishedAt: string;
}

/** Upper bound on the serialised payload, far below RFC 8291's 3993-byte single-record plaintext. */
export const MAX_PAYLOAD_BYTES = 3000;
const TITLE_MAX = { graphemes: 120, bytes: 600 };
const BODY_MAX_GRAPHEMES = 300;
const URL_MAX_BYTES = 512;
const ELLIPSIS = "…";
const RTL_LANGS = new Set(["ar", "fa", "he", "ur", "ps", "ckb", "yi", "dv", "sd", "ug"]);

const encoder = new TextEncoder();

/** UTF-8 length of a string once JSON-escaped (without the surrounding quotes). */
function jsonBytes(text: string): number {
  return encoder.encode(JSON.stringify(text)).length - 2;
}

/**
 * Cuts `text` to at most `maxGraphemes` grapheme clusters and `maxBytes` JSON-escaped UTF-8 bytes,
 * never inside a cluster (Arabic letters keep their harakat, emoji keep their joiners), and marks a
 * cut with an ellipsis.
 */
export function truncateGraphemes(text: string, maxGraphemes: number, maxBytes: number): string {
  if (text.length <= maxGraphemes && jsonBytes(text) <= maxBytes) return text;
  const budget = maxBytes - jsonBytes(ELLIPSIS);
  let kept = "";
  let cut: string | undefined;
  let bytes = 0;
  let count = 0;
  for (const { segment } of segmentGraphemes(text)) {
    const size = jsonBytes(segment);
    // Remember where an ellipsis would still fit, in case the whole text turns out not to.
    if (cut === undefined && (count + 1 > maxGraphemes - 1 || bytes + size > budget)) cut = kept;
    count++;
    bytes += size;
    if (count > maxGraphemes || bytes > maxBytes) {
      return budget < 0 ? "" : (cut ?? kept).trimEnd() + ELLIPSIS;
    }
    if (cut === undefined) kept += segment;
  }
  return text;
}

function absoluteUrl(value: string | undefined, base: string): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value, base);
    if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}

function fits(value: string | undefined): string | undefined {
  return value !== undefined && jsonBytes(value) <= URL_MAX_BYTES ? value : undefined;
}

/** Options for {@link buildPushPayload}. */
export interface PayloadOptions {
  /** Public base URL of the site; resolves relative URLs and stands in for an over-long article URL. */
  baseUrl: string;
  /** Notification icon (absolute, or relative to baseUrl). */
  iconUrl?: string;
}

/**
 * Builds the push payload for an article. Whatever the input, `JSON.stringify(result)` is at most
 * {@link MAX_PAYLOAD_BYTES} UTF-8 bytes, so the encrypted message can never draw a 413.
 */
export function buildPushPayload(article: Article, options: PayloadOptions): PushPayload {
  const lang = article.lang || "ar";
  const tagId = article.id.length <= 64 ? article.id : article.id.slice(0, 64);
  const base: PushPayload = {
    title: "",
    body: "",
    url: fits(absoluteUrl(article.url, options.baseUrl)) ?? new URL("/", options.baseUrl).href,
    tag: `article-${tagId}`,
    lang: lang.slice(0, 35),
    dir: RTL_LANGS.has(lang.split("-")[0]?.toLowerCase() ?? "") ? "rtl" : "ltr",
    publishedAt: article.publishedAt.slice(0, 40),
  };
  const icon = fits(absoluteUrl(options.iconUrl, options.baseUrl));
  const image = fits(absoluteUrl(article.imageUrl, options.baseUrl));
  if (icon) base.icon = icon;
  if (image) base.image = image;
  base.title = truncateGraphemes(article.title, TITLE_MAX.graphemes, TITLE_MAX.bytes);
  const remaining = MAX_PAYLOAD_BYTES - encoder.encode(JSON.stringify(base)).length;
  base.body = truncateGraphemes(article.summary, BODY_MAX_GRAPHEMES, Math.max(0, remaining));
  return base;
}

/**
 * RFC 8030 Topic for an article: at most 32 characters of the URL-safe base64 alphabet, so a later
 * push about the same story replaces one the push service has not delivered yet. SHA-256, first 24 bytes.
 */
export async function topicFor(articleId: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(`article:${articleId}`));
  return bytesToBase64url(new Uint8Array(digest).subarray(0, 24));
}
