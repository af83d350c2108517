/**
 * The alert a browser shows for an article, as a declarative push message (Push API editor's draft, "declarative push
 * message"; WebKit's Declarative Web Push): Safari 18.4+ shows it without running our service worker, and
 * public/sw.js shows the same JSON in the browsers that do run it. Bounded in size, text cut on graphemes.
 */

import type { Article } from "../model/article.ts";
import { bytesToBase64url } from "../crypto/base64url.ts";
import { segmentGraphemes } from "../text/graphemes.ts";
import { CLICK_TAG_LENGTH } from "./click-tags.ts";

/** The `notification` member: NotificationOptions' names, plus the required `title` and `navigate`. */
export interface DeclarativeNotification {
  title: string;
  body: string;
  /** Absolute URL opened on click: our click-through route, which counts the click and redirects to the article. */
  navigate: string;
  lang: string;
  dir: "rtl" | "ltr";
  /** `article-<id>`: a second alert for the same story replaces the first. */
  tag: string;
  /** Publication time, ms since the epoch (a 64-bit unsigned integer in the format). */
  timestamp?: number;
  silent: false;
  icon?: string;
  image?: string;
}

/** The JSON every alert carries. `web_push: 8030` is what marks a message as declarative. */
export interface PushPayload {
  web_push: 8030;
  notification: DeclarativeNotification;
}

/** Upper bound on the serialised payload with its click tag, far below RFC 8291's 3993-byte single-record plaintext. */
export const MAX_PAYLOAD_BYTES = 3000;
/** Path of the click-through route (lib/http/push-open-routes.ts). */
export const PUSH_OPEN_PATH = "/push/open";
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
  /** Public base URL of the site (PUBLIC_BASE_URL): the click-through route's origin; resolves relative URLs. */
  baseUrl: string;
  /** Notification icon (absolute, or relative to baseUrl). */
  iconUrl?: string;
}

/** The click-through link of an article's alert; `clickTag` (./click-tags.ts) lets the click count for its subscriber. */
export function clickThroughUrl(baseUrl: string, articleId: string, clickTag?: string): string {
  const url = `${baseUrl.replace(/\/+$/, "")}${PUSH_OPEN_PATH}/${encodeURIComponent(articleId)}`;
  return clickTag === undefined ? url : `${url}?s=${clickTag}`;
}

/**
 * Builds the declarative message for an article, its `navigate` without a click tag (see {@link withClickTag}).
 * Whatever the input, the JSON with a tag added is at most {@link MAX_PAYLOAD_BYTES} UTF-8 bytes, so the encrypted
 * message can never draw a 413. `silent: false` and no `mutable`: shown as is, with sound, even where a worker runs.
 */
export function buildPushPayload(article: Article, options: PayloadOptions): PushPayload {
  const lang = (article.lang || "ar").slice(0, 35);
  const tagId = article.id.length <= 64 ? article.id : article.id.slice(0, 64);
  const timestamp = Date.parse(article.publishedAt);
  const notification: DeclarativeNotification = {
    title: "",
    body: "",
    navigate: clickThroughUrl(options.baseUrl, article.id),
    lang,
    dir: RTL_LANGS.has(lang.split("-")[0]?.toLowerCase() ?? "") ? "rtl" : "ltr",
    tag: `article-${tagId}`,
    ...(Number.isSafeInteger(timestamp) && timestamp >= 0 ? { timestamp } : {}),
    silent: false,
  };
  const icon = fits(absoluteUrl(options.iconUrl, options.baseUrl));
  const image = fits(absoluteUrl(article.imageUrl, options.baseUrl));
  if (icon) notification.icon = icon;
  if (image) notification.image = image;
  const payload: PushPayload = { web_push: 8030, notification };
  notification.title = truncateGraphemes(article.title, TITLE_MAX.graphemes, TITLE_MAX.bytes);
  // Room for "?s=" and the tag each subscriber's copy adds.
  const remaining = MAX_PAYLOAD_BYTES - encoder.encode(JSON.stringify(payload)).length - 3 - CLICK_TAG_LENGTH;
  notification.body = truncateGraphemes(article.summary, BODY_MAX_GRAPHEMES, Math.max(0, remaining));
  return payload;
}

/** One subscriber's copy: `navigate` carries its click tag, so a click counts once for that subscription. */
export function withClickTag(payload: PushPayload, clickTag: string): PushPayload {
  if (clickTag.length !== CLICK_TAG_LENGTH) throw new RangeError(`a click tag is ${CLICK_TAG_LENGTH} characters`);
  return { ...payload, notification: { ...payload.notification, navigate: `${payload.notification.navigate}?s=${clickTag}` } };
}

/**
 * RFC 8030 Topic for an article: at most 32 characters of the URL-safe base64 alphabet, so a later
 * push about the same story replaces one the push service has not delivered yet. SHA-256, first 24 bytes.
 */
export async function topicFor(articleId: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(`article:${articleId}`));
  return bytesToBase64url(new Uint8Array(digest).subarray(0, 24));
}
