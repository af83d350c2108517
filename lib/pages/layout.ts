/** The HTML5 document shell shared by every page: head, static assets, no inline script or style. */
import { html, type SafeHtml } from "./html.ts";
import { STATIC_PREFIX } from "./site.ts";
import { APPLE_TOUCH_ICON, MANIFEST_PATH, shortNameOf, THEME_COLOR, THEME_COLOR_DARK } from "./manifest.ts";

/** Input for `layout`. `head` and `body` are already-built markup (from `html`). */
export interface LayoutInput {
  /** Document title (escaped). */
  title: string;
  /** BCP 47 language of the page, default "ar". */
  lang?: string;
  /** Base direction, default from `lang` ("rtl" for Arabic). */
  dir?: "rtl" | "ltr";
  /** Extra `<head>` markup: meta, canonical, alternate links. */
  head?: SafeHtml;
  body: SafeHtml;
  /** The site's name, for the label iOS puts under a Home Screen icon (otherwise the page title). */
  appName?: string;
}

export { STATIC_PREFIX };

const RTL_LANGUAGES = new Set(["ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku", "ps", "sd", "syr", "ug", "ur", "yi"]);

/** Writing direction of a BCP 47 tag's primary language ("ar-SY" → "rtl", "en" → "ltr"). */
export function directionOf(lang: string): "rtl" | "ltr" {
  const primary = lang.toLowerCase().split("-")[0] ?? "";
  return RTL_LANGUAGES.has(primary) ? "rtl" : "ltr";
}

/**
 * Wraps a page in a complete HTML5 document. Styles and scripts come only from /static so the
 * HTTP layer can send a strict Content-Security-Policy (script-src 'self'; style-src 'self').
 */
export function layout(input: LayoutInput): string {
  const lang = input.lang ?? "ar";
  const dir = input.dir ?? directionOf(lang);
  return `<!DOCTYPE html>\n${html`<html lang="${lang}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${input.title}</title>
<link rel="stylesheet" href="${STATIC_PREFIX}/style.css">
<script src="${STATIC_PREFIX}/app.js" defer></script>
<link rel="manifest" href="${MANIFEST_PATH}">
<link rel="icon" href="${STATIC_PREFIX}/icon.svg" type="image/svg+xml">
<link rel="apple-touch-icon" href="${APPLE_TOUCH_ICON}">
<meta name="theme-color" content="${THEME_COLOR}" media="(prefers-color-scheme: light)">
<meta name="theme-color" content="${THEME_COLOR_DARK}" media="(prefers-color-scheme: dark)">
${input.appName ? html`<meta name="apple-mobile-web-app-title" content="${shortNameOf(input.appName)}">
` : ""}${input.head}
</head>
<body>
${input.body}
</body>
</html>
`}`;
}
