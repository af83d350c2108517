/**
 * Draws the web app icons (public/icon-*.png, public/apple-touch-icon.png, public/icon.svg) from one SVG, rendered by
 * Debian's Chromium through playwright-core: no network, no image library. Run `npm run icons` after changing the
 * drawing and commit the files it writes.
 */
import { writeFile } from "node:fs/promises";
import { chromium } from "playwright-core";

const RED = "#a4161a";
const INK = "#5c5f66";

/**
 * A page of Arabic news: a headline bar and lines of text aligned to the right, as right-to-left text sits. `mark` is
 * the share of the square the page takes: small enough for a maskable icon's safe zone (a circle of 80% of the side),
 * larger where nothing is cut away.
 */
export function iconSvg(mark: number, rounded: boolean): string {
  const size = 512;
  const w = size * mark * 0.82;
  const h = size * mark;
  const x = (size - w) / 2;
  const y = (size - h) / 2;
  const pad = w * 0.14;
  const right = x + w - pad;
  const line = (top: number, share: number, height: number, fill: string) =>
    `<rect x="${(right - (w - 2 * pad) * share).toFixed(1)}" y="${top.toFixed(1)}" width="${((w - 2 * pad) * share).toFixed(1)}" height="${height.toFixed(1)}" rx="${(height / 2).toFixed(1)}" fill="${fill}"/>`;
  const headline = h * 0.1;
  const text = h * 0.05;
  const rows = [
    line(y + h * 0.14, 1, headline, RED),
    line(y + h * 0.3, 0.62, headline, RED),
    ...[0.5, 0.6, 0.7, 0.8].map((top, i) => line(y + h * top, [1, 0.86, 1, 0.55][i]!, text, INK)),
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" width="${size}" height="${size}">
<rect width="${size}" height="${size}"${rounded ? ` rx="${size * 0.18}"` : ""} fill="${RED}"/>
<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}" rx="${(w * 0.08).toFixed(1)}" fill="#ffffff"/>
${rows.join("\n")}
</svg>
`;
}

/** Every file, its pixel size and drawing; sizes are the ones browsers ask for (Android 192/512, iOS 180). */
const ICONS = [
  // Full bleed: launchers and iOS round the corners themselves, and iOS shows transparency as black.
  { file: "icon-192.png", size: 192, mark: 0.66, rounded: false },
  { file: "icon-512.png", size: 512, mark: 0.66, rounded: false },
  { file: "icon-maskable-192.png", size: 192, mark: 0.5, rounded: false },
  { file: "icon-maskable-512.png", size: 512, mark: 0.5, rounded: false },
  { file: "apple-touch-icon.png", size: 180, mark: 0.62, rounded: false },
] as const;

async function main(): Promise<void> {
  const out = new URL("../public/", import.meta.url);
  await writeFile(new URL("icon.svg", out), iconSvg(0.66, true));
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  try {
    for (const icon of ICONS) {
      const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size }, deviceScaleFactor: 1 });
      const svg = iconSvg(icon.mark, icon.rounded).replace(/width="512" height="512"/, `width="${icon.size}" height="${icon.size}"`);
      await page.setContent(`<!DOCTYPE html><html><body style="margin:0">${svg}</body></html>`);
      await writeFile(new URL(icon.file, out), await page.screenshot({ type: "png", clip: { x: 0, y: 0, width: icon.size, height: icon.size } }));
      await page.close();
      console.log(`public/${icon.file} ${icon.size}x${icon.size}`);
    }
  } finally {
    await browser.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
