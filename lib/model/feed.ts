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
  /** Absolute url of the CSS stylesheet a browser applies to the XML (XML formats only; `text/css`, never XSLT). */
  stylesheetUrl?: string;
  /** Absolute url of the script that turns the XML into a readable page in a browser (XML formats only). */
  viewScriptUrl?: string;
  /** IANA time zone the browser view shows dates in, as the site's pages do. */
  viewTimeZone?: string;
  /** Absolute url of the publisher's icon/logo. */
  iconUrl?: string;
  /** When the feed's content last changed; ISO 8601. */
  updatedAt: string;
  /** Newest first. */
  items: Article[];
}
