/** Public surface of the human-facing pages: pure renderers from models to HTML5 strings. */
export { renderHomePage, renderCategoryPage } from "./home.ts";
export { renderArticlePage } from "./article.ts";
export { renderNotFoundPage, renderGonePage } from "./error-pages.ts";
export { formatArabicDates } from "./dates.ts";
export { html, raw, escapeHtml, safeUrl } from "./html.ts";
export { layout, directionOf, STATIC_PREFIX } from "./layout.ts";
export { articlePath, categoryPath, absoluteUrl } from "./site.ts";
export { webAppManifest, MANIFEST_PATH, APPLE_TOUCH_ICON } from "./manifest.ts";

export type { HomePageInput, CategoryPageInput } from "./home.ts";
export type { ArticlePageInput } from "./article.ts";
export type { ArabicDates, ArabicDateOptions } from "./dates.ts";
export type { HtmlValue, SafeHtml } from "./html.ts";
export type { LayoutInput } from "./layout.ts";
export type { SiteInfo, FeedLinks, CategoryFeedLinks } from "./site.ts";
