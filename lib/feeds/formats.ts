/**
 * The feed formats, declared once: each entry names its file, media type and serialiser. Routes, discovery links,
 * OpenAPI, WebSub topics, cache keys and response profiles all derive from this registry, so a new format is one
 * renderer file plus one entry here (tests/feeds/formats-registry.test.ts checks that every entry is served, linked
 * and documented).
 */
import type { FeedDocument } from "../model/feed.ts";
import { renderAtom } from "./atom.ts";
import { renderJsonFeed } from "./jsonfeed.ts";
import { ATOM_MEDIA_TYPE, JSON_FEED_MEDIA_TYPE, RSS_MEDIA_TYPE } from "./media-types.ts";
import { renderRss } from "./rss.ts";

export interface FormatInfo {
  /** The file under a feed's directory: /feeds/rss.xml, /feeds/category/<name>/rss.xml. */
  readonly file: string;
  /** The media type, without parameters (discovery links, OpenAPI, Accept matching). */
  readonly mediaType: string;
  /** The Content-Type of the response. */
  readonly contentType: string;
  /**
   * XML formats only: a browser shows their own media type as text or a download and styles and scripts only generic
   * XML, so a navigation gets the same bytes labelled application/xml, with the pages' CSP (the view script runs).
   */
  readonly xml: boolean;
  /** Short name for people: discovery link titles and the subscribe section. */
  readonly label: string;
  /** Name and version of the specification, for the API description. */
  readonly spec: string;
  readonly render: (doc: FeedDocument) => string;
}

const utf8 = (mediaType: string) => `${mediaType}; charset=utf-8`;

export const FORMATS = {
  rss: { file: "rss.xml", mediaType: RSS_MEDIA_TYPE, contentType: utf8(RSS_MEDIA_TYPE), xml: true, label: "RSS", spec: "RSS 2.0", render: renderRss },
  atom: { file: "atom.xml", mediaType: ATOM_MEDIA_TYPE, contentType: utf8(ATOM_MEDIA_TYPE), xml: true, label: "Atom", spec: "Atom 1.0", render: renderAtom },
  json: { file: "feed.json", mediaType: JSON_FEED_MEDIA_TYPE, contentType: utf8(JSON_FEED_MEDIA_TYPE), xml: false, label: "JSON Feed", spec: "JSON Feed 1.1", render: renderJsonFeed },
} as const satisfies Record<string, FormatInfo>;

export type FeedFormat = keyof typeof FORMATS;

/** Every format, in the order pages list them. */
export const FEED_FORMATS = Object.keys(FORMATS) as FeedFormat[];

/** One value per format: the way to build any per-format table, so a new format cannot be left out of one. */
export function perFormat<T>(value: (format: FeedFormat, info: FormatInfo) => T): Record<FeedFormat, T> {
  return Object.fromEntries(FEED_FORMATS.map((format) => [format, value(format, FORMATS[format])])) as Record<FeedFormat, T>;
}

export function formatFromFile(file: string): FeedFormat | undefined {
  return FEED_FORMATS.find((f) => FORMATS[f].file === file);
}

/** "a, b or c", for messages and descriptions that name every format. */
export function eachFormat(describe: (info: FormatInfo) => string): string {
  const names = FEED_FORMATS.map((f) => describe(FORMATS[f]));
  return names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}
