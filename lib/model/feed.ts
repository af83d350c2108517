/** What a feed serialiser needs besides the articles: titles, links and paging, all absolute. */
import type { Article } from "./article.ts";

export interface FeedDocument {
  /** Feed title, e.g. "أنا برس — سياسة". */
  title: string;
  description: string;
  /** BCP 47 language of the feed, "ar" by default. */
  lang: string;
  /** Absolute url of the human page this feed mirrors. */
  homePageUrl: string;
  /** Absolute url of this very document (rel="self"). */
  selfUrl: string;
  /** Absolute url of the next (older) page, RFC 5005 / JSON Feed next_url. */
  nextUrl?: string;
  /** Absolute url of the first page when this is a later page (RFC 5005 "first"). */
  firstUrl?: string;
  /** WebSub hub url (rel="hub"), when configured. */
  hubUrl?: string;
  /** Absolute url of an XSL stylesheet for browsers (XML formats only). */
  stylesheetUrl?: string;
  /** Absolute url of the publisher's icon/logo. */
  iconUrl?: string;
  /** When the feed's content last changed; ISO 8601. */
  updatedAt: string;
  /** Newest first. */
  items: Article[];
}
