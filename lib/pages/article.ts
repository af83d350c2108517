/** The article page: title, dates, category, author, image, address, views, font-size control and body. */
import type { Article } from "../model/article.ts";
import { categoryLink, timeElement, viewsText } from "./article-meta.ts";
import { alternateLinks } from "./feed-links.ts";
import { html, raw, safeUrl, type SafeHtml } from "./html.ts";
import { directionOf, layout } from "./layout.ts";
import { siteFooter, siteHeader } from "./site-frame.ts";
import type { CategoryFeedLinks, FeedLinks, SiteInfo } from "./site.ts";

/** Everything the article page shows. */
export interface ArticlePageInput {
  site: SiteInfo;
  /** `contentHtml` is trusted: it was sanitised when the article was written. */
  article: Article;
  /** The site-wide feeds, advertised in the head. */
  feeds: FeedLinks;
  /** The feeds of this article's category, advertised after the site's (optional). */
  categoryFeeds?: readonly CategoryFeedLinks[];
  /** Category names for the navigation bar (optional). */
  categories?: readonly string[];
  /** The current time, for the footer year (optional). */
  now?: Date;
}

/** "ar" → "ar_AR" (what Facebook expects for Arabic); other tags become language_REGION when they have one. */
function ogLocale(lang: string): string {
  const [language = "ar", region] = lang.split("-");
  if (language.toLowerCase() === "ar" && !region) return "ar_AR";
  return region ? `${language.toLowerCase()}_${region.toUpperCase()}` : language.toLowerCase();
}

function openGraph(site: SiteInfo, a: Article): SafeHtml {
  return html`<meta property="og:site_name" content="${site.title}">
<meta property="og:type" content="article">
<meta property="og:title" content="${a.title}">
<meta property="og:url" content="${safeUrl(a.url)}">
<meta property="og:locale" content="${ogLocale(a.lang)}">
${a.summary ? html`<meta property="og:description" content="${a.summary}">\n` : ""}${
    a.imageUrl ? html`<meta property="og:image" content="${safeUrl(a.imageUrl)}">\n` : ""
  }<meta property="article:published_time" content="${a.publishedAt}">
<meta property="article:modified_time" content="${a.updatedAt}">
${a.category ? html`<meta property="article:section" content="${a.category}">\n` : ""}<meta name="twitter:card" content="${
    a.imageUrl ? "summary_large_image" : "summary"
  }">`;
}

/**
 * Buttons that scale `--article-font-scale`; hidden until app.js (which drives them) has loaded. Their names are
 * their visible words (no aria-label), so a voice-control user says what they see; the group label gives context.
 */
function fontSizeControl(): SafeHtml {
  return html`<div class="font-size-control" role="group" aria-labelledby="font-size-label" hidden>
<span id="font-size-label">حجم الخط:</span>
<button type="button" data-font-size="increase">تكبير</button>
<button type="button" data-font-size="decrease">تصغير</button>
<button type="button" data-font-size="reset">الحجم الافتراضي</button>
</div>`;
}

function articleBody(a: Article, dir: string): SafeHtml {
  if (a.contentHtml) return html`<div class="article-body" dir="${dir}" lang="${a.lang}">${raw(a.contentHtml)}</div>`;
  return html`<div class="article-body" dir="${dir}" lang="${a.lang}"><p>${a.summary}</p></div>`;
}

function articleMain(site: SiteInfo, a: Article): SafeHtml {
  const dir = directionOf(a.lang);
  const image = a.imageUrl
    ? html`<figure class="lead-image"><img src="${safeUrl(a.imageUrl)}" alt="${a.title}" decoding="async"></figure>`
    : "";
  return html`<article class="article" lang="${a.lang}" dir="${dir}">
<header class="article-header">
<p class="article-kicker">${categoryLink(a.category)}</p>
<h1>${a.title}</h1>
<p class="article-meta">${timeElement(a.publishedAt, site.timeZone)}${
    a.author ? html` <span class="author">بقلم ${a.author}</span>` : ""
  } <span id="views" class="views" data-article-id="${a.id}">${viewsText(a.views)}</span></p>
<p class="article-address"><span>رابط المقال:</span> <a href="${safeUrl(a.url)}" dir="ltr">${a.url}</a></p>
</header>
${image}
${fontSizeControl()}
${articleBody(a, dir)}
${a.tags.length ? html`<ul class="tags" aria-label="الوسوم">${a.tags.map((t) => html`<li>${t}</li>`)}</ul>` : ""}
</article>`;
}

/** Renders one article as a complete HTML5 document with canonical link and OpenGraph metadata. */
export function renderArticlePage(input: ArticlePageInput): string {
  const { site, article } = input;
  const own = (input.categoryFeeds ?? []).filter((c) => c.category === article.category);
  const head = html`<link rel="canonical" href="${safeUrl(article.url)}">
${article.summary ? html`<meta name="description" content="${article.summary}">\n` : ""}${openGraph(site, article)}
${alternateLinks(site.title, input.feeds, own)}`;
  const body = html`${siteHeader(site, input.categories ?? [], article.category)}
<main id="main">
${articleMain(site, article)}
<p class="back"><a href="/">العودة إلى آخر الأخبار</a></p>
</main>
${siteFooter(site, input.now)}`;
  return layout({ title: `${article.title} — ${site.title}`, head, body, appName: site.title });
}
