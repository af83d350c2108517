/** The web app manifest: what a phone needs to add the site to its Home Screen (and what Safari needs for push). */
import { STATIC_PREFIX, type SiteInfo } from "./site.ts";

/** Where the manifest is served; every page links it. */
export const MANIFEST_PATH = "/manifest.webmanifest";
/** The icon iOS puts on the Home Screen (180 × 180, opaque: iOS shows transparency as black). */
export const APPLE_TOUCH_ICON = `${STATIC_PREFIX}/apple-touch-icon.png`;
/** The browser bar and splash colours: the site's red, and the page background. */
export const THEME_COLOR = "#a4161a";
export const THEME_COLOR_DARK = "#1b1d21";
export const BACKGROUND_COLOR = "#fbfaf7";

/** Launchers truncate longer names under the icon; a title over 12 characters keeps its first word. */
export function shortNameOf(title: string): string {
  const trimmed = title.trim();
  if ([...trimmed].length <= 12) return trimmed;
  return [...(trimmed.split(/\s+/)[0] ?? trimmed)].slice(0, 12).join("");
}

const icon = (file: string, size: number, purpose: "any" | "maskable") => ({
  src: `${STATIC_PREFIX}/${file}`,
  sizes: `${size}x${size}`,
  type: "image/png",
  purpose,
});

/** The manifest for `site`, as JSON-ready data (W3C Web App Manifest). */
export function webAppManifest(site: SiteInfo) {
  return {
    id: "/",
    name: site.title,
    short_name: shortNameOf(site.title),
    description: site.description,
    lang: "ar",
    dir: "rtl",
    start_url: "/",
    scope: "/",
    display: "standalone",
    background_color: BACKGROUND_COLOR,
    theme_color: THEME_COLOR,
    categories: ["news"],
    icons: [
      icon("icon-192.png", 192, "any"),
      icon("icon-512.png", 512, "any"),
      icon("icon-maskable-192.png", 192, "maskable"),
      icon("icon-maskable-512.png", 512, "maskable"),
    ],
  };
}
