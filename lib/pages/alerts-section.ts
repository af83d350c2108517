/** The "enable alerts" section: hidden until app.js finds Web Push support; the push script wires the button. */
import { html, type SafeHtml } from "./html.ts";

/**
 * `<section id="alerts" hidden>` with the VAPID public key in `data-vapid-public-key` (absent when
 * push is not configured), one checkbox per category (name="topic"), the button and a live status line.
 */
export function alertsSection(categories: readonly string[], vapidPublicKey?: string): SafeHtml {
  const topics = categories.length
    ? html`<fieldset class="alert-topics">
<legend>الأقسام</legend>
${categories.map(
  (c) => html`<label class="topic"><input type="checkbox" name="topic" value="${c}"> <span>${c}</span></label>\n`,
)}</fieldset>`
    : "";
  return html`<section id="alerts" class="alerts" hidden aria-labelledby="alerts-heading"${
    vapidPublicKey ? html` data-vapid-public-key="${vapidPublicKey}"` : ""
  }>
<h2 id="alerts-heading">التنبيهات</h2>
<div class="alerts-controls">
<p>اختر الأقسام التي تهمك لتصلك الأخبار العاجلة فور نشرها.</p>
${topics}
<button type="button" id="alerts-enable" class="alerts-enable">فعّل التنبيهات</button>
</div>
<p id="alerts-status" class="alerts-status" role="status" aria-live="polite"></p>
</section>`;
}
