/** Feed discovery: `<link rel="alternate">` tags for the head and a visible "تابعنا" subscribe section. */
import { FEED_FORMATS, FORMATS } from "../feeds/formats.ts";
import { html, safeUrl, type SafeHtml } from "./html.ts";
import type { CategoryFeedLinks, FeedLinks } from "./site.ts";

/** Title of a category's feed: "أنا برس — سياسة". */
function feedTitle(siteTitle: string, category?: string): string {
  return category ? `${siteTitle} — ${category}` : siteTitle;
}

/**
 * One alternate link per format: the site feeds first (when given), then each category's.
 * Titles read "أنا برس (RSS)" and "أنا برس — سياسة (RSS)".
 */
export function alternateLinks(
  siteTitle: string,
  feeds: FeedLinks | undefined,
  categoryFeeds: readonly CategoryFeedLinks[],
): SafeHtml {
  const site = feeds ? [{ title: feedTitle(siteTitle), links: feeds }] : [];
  const groups = site.concat(categoryFeeds.map((c) => ({ title: feedTitle(siteTitle, c.category), links: c })));
  return html`${groups.map((g) =>
    FEED_FORMATS.map(
      (f) => html`<link rel="alternate" type="${FORMATS[f].mediaType}" title="${`${g.title} (${FORMATS[f].label})`}" href="${safeUrl(g.links[f])}">\n`,
    ),
  )}`;
}

function formatLinks(links: FeedLinks): SafeHtml {
  return html`<span class="feed-formats">${FEED_FORMATS.map(
    (f) => html` <a class="feed-link feed-${f}" type="${FORMATS[f].mediaType}" href="${safeUrl(links[f])}" dir="ltr">${FORMATS[f].label}</a>`,
  )}</span>`;
}

/** The visible "تابعنا" section: a link per feed format for the whole site and per category. */
export function subscribeSection(siteTitle: string, feeds: FeedLinks, categoryFeeds: readonly CategoryFeedLinks[]): SafeHtml {
  return html`<section class="subscribe" aria-labelledby="subscribe-heading">
<h2 id="subscribe-heading">تابعنا</h2>
<ul class="feed-list">
<li><span class="feed-name">${siteTitle}: كل الأخبار</span>${formatLinks(feeds)}</li>
${categoryFeeds.map((c) => html`<li><span class="feed-name">${c.category}</span>${formatLinks(c)}</li>\n`)}</ul>
</section>`;
}
