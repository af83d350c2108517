/** The home page and category pages: headline list, feed discovery, subscribe links and the alerts section. */
import type { Article } from "../model/article.ts";
import { alertsSection } from "./alerts-section.ts";
import { alternateLinks, subscribeSection } from "./feed-links.ts";
import { headlineList } from "./headline-list.ts";
import { html } from "./html.ts";
import { layout } from "./layout.ts";
import { siteFooter, siteHeader } from "./site-frame.ts";
import type { CategoryFeedLinks, FeedLinks, SiteInfo } from "./site.ts";

/** Everything the home page shows; the handler loads it, this module only renders. */
export interface HomePageInput {
  site: SiteInfo;
  /** Newest first, as the store returns them. */
  articles: readonly Article[];
  /** Category names for navigation and alert topics. */
  categories: readonly string[];
  /** Url of the next (older) page; "المزيد" is shown only when set. */
  nextUrl?: string;
  /** The site-wide feeds. */
  feeds: FeedLinks;
  /** Each category's feeds (hrefs as given, already percent-encoded by the caller). */
  categoryFeeds: readonly CategoryFeedLinks[];
  /** VAPID application server key (base64url); without it the alerts section stays hidden. */
  vapidPublicKey?: string;
  /** The current time, for the footer year. */
  now: Date;
}

/** A category page: the same list, headed by the category name. */
export interface CategoryPageInput extends HomePageInput {
  /** The category shown; `articles`, `nextUrl` are that category's. */
  category: string;
}

function renderListPage(input: HomePageInput, heading: string, category?: string): string {
  const { site } = input;
  // A category page advertises its own feeds first, so readers that take the first link get that category.
  const own = category ? input.categoryFeeds.filter((c) => c.category === category) : [];
  const others = input.categoryFeeds.filter((c) => c.category !== category);
  const head = html`<meta name="description" content="${site.description}">
<meta property="og:site_name" content="${site.title}">
<meta property="og:type" content="website">
<meta property="og:title" content="${category ? `${site.title} — ${category}` : site.title}">
<meta property="og:locale" content="ar_AR">
${alternateLinks(site.title, undefined, own)}${alternateLinks(site.title, input.feeds, others)}`;
  const body = html`${siteHeader(site, input.categories, category)}
<main id="main">
${headlineList(heading, input.articles, input.nextUrl, site.timeZone)}
${alertsSection(input.categories, input.vapidPublicKey)}
${subscribeSection(site.title, input.feeds, input.categoryFeeds)}
</main>
${siteFooter(site, input.now)}`;
  return layout({ title: category ? `${category} — ${site.title}` : site.title, head, body, appName: site.title });
}

/** Renders the home page ("آخر الأخبار") as a complete HTML5 document. */
export function renderHomePage(input: HomePageInput): string {
  return renderListPage(input, "آخر الأخبار");
}

/** Renders /category/<name>: the category's headlines under its name; its feeds are advertised first. */
export function renderCategoryPage(input: CategoryPageInput): string {
  return renderListPage(input, input.category, input.category);
}
