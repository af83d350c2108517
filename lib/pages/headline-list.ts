/** The headline list: newest articles with their time, category and views, and a "المزيد" link to older ones. */
import type { Article } from "../model/article.ts";
import { categoryLink, timeElement, viewsText } from "./article-meta.ts";
import { html, safeUrl, type SafeHtml } from "./html.ts";
import { articlePath } from "./site.ts";
import { directionOf } from "./layout.ts";

function headlineItem(article: Article, timeZone?: string): SafeHtml {
  return html`<li class="headline">
<h2 class="headline-title" lang="${article.lang}" dir="${directionOf(article.lang)}"><a href="${articlePath(article.id)}">${article.title}</a></h2>
<p class="headline-meta">${timeElement(article.publishedAt, timeZone)} ${categoryLink(article.category)} <span class="views">${viewsText(article.views)}</span></p>
</li>
`;
}

/**
 * `<section>` titled `heading` listing `articles` in the order given; "المزيد" only when `nextUrl` is set.
 * Dates are shown in `timeZone` (default Asia/Damascus).
 */
export function headlineList(
  heading: string,
  articles: readonly Article[],
  nextUrl?: string,
  timeZone?: string,
): SafeHtml {
  const items = articles.length
    ? html`<ol class="headline-list">\n${articles.map((a) => headlineItem(a, timeZone))}</ol>`
    : html`<p class="empty">لا توجد أخبار بعد.</p>`;
  const more = nextUrl ? html`<p class="more"><a href="${safeUrl(nextUrl)}" rel="next">المزيد</a></p>` : "";
  return html`<section class="headlines" aria-labelledby="headlines-heading">
<h1 id="headlines-heading">${heading}</h1>
${items}
${more}
</section>`;
}
