/** The small pieces shown with every article: its time (Hijri + Gregorian), category link and view count. */
import { formatArabicDates } from "./dates.ts";
import { html, type SafeHtml } from "./html.ts";
import { categoryPath } from "./site.ts";

/** `<time>` with the Hijri date, the Gregorian date and the clock, machine-readable in `datetime`. */
export function timeElement(iso: string, timeZone?: string): SafeHtml {
  const d = formatArabicDates(iso, timeZone);
  return html`<time class="published" datetime="${d.isoAttr}"><span class="hijri">${d.hijri}</span> <span class="date-sep">الموافق</span> <span class="gregorian">${d.gregorian}</span> <span class="clock" dir="ltr">${d.time}</span></time>`;
}

/** Link to a category page, or nothing when the article has no category. */
export function categoryLink(category: string | undefined): SafeHtml {
  return html`${category ? html`<a class="category" href="${categoryPath(category)}">${category}</a>` : ""}`;
}

/** View count as on the seed site: Latin digits, no grouping ("1034"). */
export function viewsNumber(views: number): string {
  return String(Math.max(0, Math.trunc(views)));
}

/** "1034 مشاهدة" in a span; the number has its own class so scripts can update it. */
export function viewsText(views: number): SafeHtml {
  return html`<span class="views-count">${viewsNumber(views)}</span> مشاهدة`;
}
