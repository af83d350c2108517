/** The header and footer around every page: site name, category navigation, copyright. */
import { yearOf } from "./dates.ts";
import { html, type SafeHtml } from "./html.ts";
import { categoryPath, type SiteInfo } from "./site.ts";

/** Site header with the site name linking home and, when given, a category navigation bar. */
export function siteHeader(site: SiteInfo, categories: readonly string[] = [], current?: string): SafeHtml {
  const nav = categories.length
    ? html`<nav class="categories" aria-label="الأقسام"><ul>${categories.map(
        (c) => html`<li><a href="${categoryPath(c)}"${c === current ? html` aria-current="page"` : ""}>${c}</a></li>`,
      )}</ul></nav>`
    : "";
  return html`<header class="site-header">
<a class="skip-link" href="#main">انتقل إلى المحتوى</a>
<p class="site-title"><a href="/" rel="home">${site.title}</a></p>
<p class="site-description">${site.description}</p>
${nav}
</header>`;
}

/** Site footer; the year comes from `now` (passed in, never read from the clock here). */
export function siteFooter(site: SiteInfo, now?: Date): SafeHtml {
  return html`<footer class="site-footer"><p>${now ? `© ${yearOf(now)} ` : ""}${site.title}</p></footer>`;
}
