/** Arabic 404 and 410 pages. */
import { html } from "./html.ts";
import { layout } from "./layout.ts";
import { siteFooter, siteHeader } from "./site-frame.ts";
import type { SiteInfo } from "./site.ts";

function messagePage(site: SiteInfo | undefined, sections: readonly string[], heading: string, message: string): string {
  const body = html`${site ? siteHeader(site, sections) : ""}
<main id="main" class="message-page">
<h1>${heading}</h1>
<p>${message}</p>
<p><a href="/">العودة إلى آخر الأخبار</a></p>
</main>
${site ? siteFooter(site) : ""}`;
  return layout({
    title: site ? `${heading} — ${site.title}` : heading,
    head: html`<meta name="robots" content="noindex">`,
    body,
    ...(site ? { appName: site.title } : {}),
  });
}

/** Page for HTTP 404: the address matches no article or page; `sections` fill the menu so the reader can go on. */
export function renderNotFoundPage(site?: SiteInfo, sections: readonly string[] = []): string {
  return messagePage(site, sections, "الصفحة غير موجودة", "لم نعثر على الصفحة التي تبحث عنها. ربما تغيّر عنوانها أو كُتب بشكل خاطئ.");
}

/** Page for HTTP 410: the article existed but the newsroom has withdrawn it. */
export function renderGonePage(site?: SiteInfo, sections: readonly string[] = []): string {
  return messagePage(site, sections, "هذا المقال لم يعد متاحًا", "سحبت غرفة الأخبار هذا المقال ولم يعد منشورًا.");
}
