/** The "enable alerts" section: hidden until app.js finds Web Push support; the push script wires the buttons. */
import { html, type SafeHtml } from "./html.ts";

/** Shown on iPhone and iPad outside the installed web app, where Safari offers push only from the Home Screen. */
export const INSTALL_HINT =
  "لتصلك التنبيهات على iPhone أو iPad: اضغط زر المشاركة في Safari، ثم اختر «إضافة إلى الشاشة الرئيسية»، وافتح الموقع من أيقونته على الشاشة الرئيسية وفعّل التنبيهات من هناك.";

/**
 * `<section id="alerts" hidden>` with the VAPID public key in `data-vapid-public-key` (absent when push is not
 * configured), one checkbox per section (name="topic") with the rule for choosing none, the enable/stop button, the
 * "save sections" button shown while subscribed, the summary of what this browser gets, the Home Screen hint for
 * iOS and a live status line.
 */
export function alertsSection(categories: readonly string[], vapidPublicKey?: string): SafeHtml {
  const topics = categories.length
    ? html`<fieldset class="alert-topics" aria-describedby="alerts-topics-hint">
<legend>الأقسام</legend>
<p id="alerts-topics-hint" class="alerts-hint">إن لم تختر أي قسم تصلك تنبيهات كل الأقسام.</p>
${categories.map(
  (c) => html`<label class="topic"><input type="checkbox" name="topic" value="${c}"> <span>${c}</span></label>\n`,
)}</fieldset>`
    : "";
  return html`<section id="alerts" class="alerts" hidden aria-labelledby="alerts-heading"${
    vapidPublicKey ? html` data-vapid-public-key="${vapidPublicKey}"` : ""
  }>
<h2 id="alerts-heading">التنبيهات</h2>
<p id="alerts-current" class="alerts-current" hidden></p>
<div class="alerts-controls">
<p class="alerts-intro">اختر الأقسام التي تهمك لتصلك أخبارها فور نشرها.</p>
${topics}
<div class="alerts-actions">
<button type="button" id="alerts-update" class="alerts-update" hidden>حفظ الأقسام</button>
<button type="button" id="alerts-enable" class="alerts-enable">فعّل التنبيهات</button>
</div>
</div>
<p id="alerts-install" class="alerts-install" hidden>${INSTALL_HINT}</p>
<p id="alerts-status" class="alerts-status" role="status" aria-live="polite"></p>
</section>`;
}
