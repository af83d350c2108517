/**
 * The reader pages on a phone, in Debian's Chromium at 390 × 844 with touch, against the real app on a loopback port
 * with the demo articles: tap targets measured on the home and article pages, the sections menu on every page type,
 * no sideways overflow, keyboard order and focus rings, the web app manifest as Chromium itself parses it.
 *
 * Screenshots of each page go to $MOBILE_SCREENSHOTS (default: a folder under the system temp dir) for a person to
 * look at; the test prints where.
 */
import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publicAssets } from "../../functions/node/assets.ts";
import { freePort } from "../../scripts/load/service-process.ts";
import { request, startTestServices, type TestServices } from "../helpers/test-store.ts";
import { requireChromium, skipWithoutChromium } from "../helpers/chromium.ts";

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true } as const;
const TAP = 44;
const SCREENSHOTS = process.env.MOBILE_SCREENSHOTS ?? join(tmpdir(), "news-mobile-screens");

interface DemoArticle {
  id: string;
  category?: string;
  contentHtml?: string;
  [field: string]: unknown;
}
const demo = (JSON.parse(readFileSync(new URL("../../data/demo-articles.json", import.meta.url), "utf8")) as { articles: DemoArticle[] }).articles;
const SECTIONS = [...new Set(demo.map((a) => a.category).filter((c): c is string => Boolean(c)))];
const ARTICLE = demo[0]!;

/** A target the reader can tap that is smaller than TAP in either direction. */
interface SmallTarget {
  what: string;
  width: number;
  height: number;
}

/**
 * Every visible link, button and label on the page that is under TAP CSS pixels in height or width. Checkboxes are
 * tapped through their labels; links inside the article's running text are exempt (WCAG 2.5.5's inline exception);
 * the skip link only shows on focus and is measured there.
 */
function smallTargets(page: Page, tap: number): Promise<SmallTarget[]> {
  return page.evaluate((tap) => {
    const targets = document.querySelectorAll<HTMLElement>("a[href], button, label, summary, select, input:not([type=hidden]):not([type=checkbox]):not([type=radio])");
    const small: SmallTarget[] = [];
    for (const el of targets) {
      if (el.closest(".article-body") || el.matches(".skip-link:not(:focus)")) continue;
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (box.width === 0 || box.height === 0 || style.visibility === "hidden") continue;
      // Sub-pixel rounding: 43.99 is a 44 px box.
      if (box.height + 0.05 < tap || box.width + 0.05 < tap) {
        small.push({ what: `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? "").trim().slice(0, 40)}"`, width: Math.round(box.width), height: Math.round(box.height) });
      }
    }
    return small;
  }, tap);
}

/** The section names in the page's menu. */
function menu(page: Page): Promise<string[]> {
  return page.$$eval("nav.categories a", (links) => links.map((a) => (a.textContent ?? "").trim()));
}

function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe.skipIf(skipWithoutChromium)("reader pages on a phone", () => {
  let t: TestServices;
  let server: ServerType;
  let browser: Browser;
  let phone: BrowserContext;
  let origin: string;

  beforeAll(async () => {
    const executablePath = requireChromium();
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    t = await startTestServices({
      config: { PUBLIC_BASE_URL: origin },
      loadAsset: publicAssets(new URL("../../public/", import.meta.url)),
      vapidPublicKey: "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
    });
    for (const { views: _views, ...article } of demo) {
      // One article carries a link in its running text: the inline exception must stay an exception, not a leak.
      const body = article.id === ARTICLE.id ? `${article.contentHtml ?? ""}<p>المصدر: <a href="https://anapress.net/">أنا برس</a></p>` : article.contentHtml;
      const res = await request(t, "/api/articles", { method: "POST", admin: true, json: { ...article, contentHtml: body } });
      expect(res.status).toBe(201);
    }
    await request(t, `/api/articles/${demo.at(-1)!.id}`, { method: "DELETE", admin: true });
    server = serve({ fetch: t.app.fetch, port, hostname: "127.0.0.1" });
    await new Promise((resolve) => server.once("listening", resolve));
    browser = await chromium.launch({
      executablePath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    phone = await browser.newContext(PHONE);
    await mkdir(SCREENSHOTS, { recursive: true });
    console.log(`mobile e2e: screenshots in ${SCREENSHOTS}`);
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await t?.close();
  });

  /** Opens a path on the phone, waits for app.js, saves a full-page screenshot named `shot`. */
  async function open(path: string, shot: string): Promise<{ page: Page; status: number }> {
    const page = await phone.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) errors.push(m.text());
    });
    const res = await page.goto(`${origin}${path}`);
    await page.waitForLoadState("load");
    await page.screenshot({ path: join(SCREENSHOTS, `${shot}.png`), fullPage: true });
    expect(errors).toEqual([]);
    return { page, status: res?.status() ?? 0 };
  }

  it("makes every link, button and label on the home page at least 44 × 44 px", async () => {
    const { page } = await open("/", "home");
    expect(await page.isVisible("#alerts-enable")).toBe(true);
    expect(await smallTargets(page, TAP)).toEqual([]);
    await page.close();
  });

  it("makes every link, button and label on the article page at least 44 × 44 px, the text's own links aside", async () => {
    const { page } = await open(`/articles/${ARTICLE.id}`, "article");
    expect(await page.isVisible(".font-size-control")).toBe(true);
    expect(await page.$$eval(".article-body a", (links) => links.length)).toBe(1);
    expect(await smallTargets(page, TAP)).toEqual([]);
    await page.close();
  });

  it("makes the skip link a full-size target when it appears on focus", async () => {
    const { page } = await open("/", "home-skip-link");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.className)).toBe("skip-link");
    const box = (await page.locator(".skip-link").boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(TAP - 0.05);
    await page.close();
  });

  it("names each font-size button exactly by its visible text", async () => {
    const { page } = await open(`/articles/${ARTICLE.id}`, "article-font");
    const buttons = page.locator(".font-size-control button");
    expect(await buttons.count()).toBe(3);
    for (const label of await buttons.allInnerTexts()) {
      await expect(page.getByRole("button", { name: label.trim(), exact: true }).count()).resolves.toBe(1);
    }
    await page.close();
  });

  it("carries the full sections menu on the home, category, article, 404 and 410 pages", async () => {
    const pages = [
      { path: "/", status: 200, shot: "menu-home" },
      { path: `/category/${encodeURIComponent("لبنان")}`, status: 200, shot: "category" },
      { path: `/articles/${ARTICLE.id}`, status: 200, shot: "menu-article" },
      { path: "/articles/no-such-article", status: 404, shot: "not-found" },
      { path: `/articles/${demo.at(-1)!.id}`, status: 410, shot: "gone" },
    ];
    for (const p of pages) {
      const { page, status } = await open(p.path, p.shot);
      expect(status, p.path).toBe(p.status);
      expect((await menu(page)).sort(), p.path).toEqual([...SECTIONS].sort());
      expect(await sidewaysOverflow(page), p.path).toBe(0);
      expect(await page.evaluate(() => document.documentElement.dir)).toBe("rtl");
      await page.close();
    }
  });

  it("keeps the keyboard order skip link → site → sections → headlines, each with a visible focus ring", async () => {
    const { page } = await open("/", "home-keyboard");
    const order: string[] = [];
    for (let i = 0; i < 3 + SECTIONS.length; i++) {
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        return { text: (el.textContent ?? "").trim(), ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2 };
      });
      expect(focused.ring, focused.text).toBe(true);
      order.push(focused.text);
    }
    expect(order.slice(0, 2)).toEqual(["انتقل إلى المحتوى", "أنا برس"]);
    expect(order.slice(2, 2 + SECTIONS.length).sort()).toEqual([...SECTIONS].sort());
    expect(await page.evaluate(() => document.activeElement?.closest(".headline-title") !== null)).toBe(true);
    await page.close();
  });

  it("links a web app manifest that Chromium parses without errors, with icons that load at their sizes", async () => {
    const { page } = await open("/", "home-manifest");
    const cdp = await phone.newCDPSession(page);
    const manifest = (await cdp.send("Page.getAppManifest")) as { url: string; errors: Array<{ message: string }>; data?: string };
    expect(manifest.url).toBe(`${origin}/manifest.webmanifest`);
    expect(manifest.errors).toEqual([]);
    const data = JSON.parse(manifest.data!) as { name: string; lang: string; dir: string; display: string; icons: Array<{ src: string; sizes: string; purpose: string }> };
    expect(data).toMatchObject({ name: "أنا برس", lang: "ar", dir: "rtl", display: "standalone" });
    for (const icon of data.icons) {
      const size = await page.evaluate(async (src) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        return `${img.naturalWidth}x${img.naturalHeight}`;
      }, new URL(icon.src, origin).href);
      expect(size, icon.src).toBe(icon.sizes);
    }
    const apple = await page.getAttribute('link[rel="apple-touch-icon"]', "href");
    expect(await page.evaluate(async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      return img.naturalWidth;
    }, apple!)).toBe(180);
    await page.close();
  });

  it("keeps the desktop page compact: the touch sizes apply only to phones and coarse pointers", async () => {
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await desktop.newPage();
    await page.goto(`${origin}/`);
    await page.screenshot({ path: join(SCREENSHOTS, "desktop-home.png") });
    const metaLink = (await page.locator(".headline-meta .category").first().boundingBox())!;
    expect(metaLink.height).toBeLessThan(TAP);
    await desktop.close();
  });
  // Last: it gives the newsroom a long menu.
  it("scrolls a long sections menu within itself on a phone, never the page, with the current section in view", async () => {
    const order = ["رياضة", "ثقافة", "اقتصاد", "علوم وتكنولوجيا", "منوعات", "رأي", "تحقيقات", ...SECTIONS.filter((s) => s !== "لبنان"), "لبنان"];
    expect((await request(t, "/api/sections", { method: "PUT", admin: true, json: { order } })).status).toBe(200);
    const narrow = await browser.newContext({ ...PHONE, viewport: { width: 320, height: 640 } });
    const page = await narrow.newPage();
    await page.goto(`${origin}/category/${encodeURIComponent("لبنان")}`);
    await page.screenshot({ path: join(SCREENSHOTS, "category-320-long-menu.png") });
    expect(await menu(page)).toEqual(order);
    expect(await sidewaysOverflow(page)).toBe(0);
    expect(await page.$eval("nav.categories ul", (ul) => ul.scrollWidth > ul.clientWidth)).toBe(true);
    const current = (await page.locator('nav.categories a[aria-current="page"]').boundingBox())!;
    expect(current.x).toBeGreaterThanOrEqual(0);
    expect(current.x + current.width).toBeLessThanOrEqual(320);
    expect(await smallTargets(page, TAP)).toEqual([]);
    await narrow.close();
  });
});
