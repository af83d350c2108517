/** The three feed formats: file name, media type and serialiser, so routes and pages agree on them. */
import type { FeedDocument } from "../model/feed.ts";
import { renderAtom } from "./atom.ts";
import { renderJsonFeed } from "./jsonfeed.ts";
import { ATOM_MEDIA_TYPE, JSON_FEED_MEDIA_TYPE, RSS_MEDIA_TYPE } from "./media-types.ts";
import { renderRss } from "./rss.ts";

export type FeedFormat = "rss" | "atom" | "json";

export interface FormatInfo {
  file: string;
  contentType: string;
  render: (doc: FeedDocument) => string;
  label: string;
}

export const FORMATS: Record<FeedFormat, FormatInfo> = {
  rss: { file: "rss.xml", contentType: `${RSS_MEDIA_TYPE}; charset=utf-8`, render: renderRss, label: "RSS" },
  atom: { file: "atom.xml", contentType: `${ATOM_MEDIA_TYPE}; charset=utf-8`, render: renderAtom, label: "Atom" },
  json: { file: "feed.json", contentType: `${JSON_FEED_MEDIA_TYPE}; charset=utf-8`, render: renderJsonFeed, label: "JSON Feed" },
};

export function formatFromFile(file: string): FeedFormat | undefined {
  return (Object.keys(FORMATS) as FeedFormat[]).find((f) => FORMATS[f].file === file);
}
