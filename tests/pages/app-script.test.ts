import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { readFileSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { renderArticlePage, renderHomePage } from "../../lib/pages/index.ts";
import { article, categories, categoryFeeds, feeds, headlines, now, site } from "./fixtures.ts";
import { requireChromium, skipWithoutChromium } from "../helpers/chromium.ts";

// public/app.js and style.css in Debian's Chromium, served under the strict CSP the HTTP layer sets.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: http: data:";
const PAGES: Record<string, string> = {
  "/": renderHomePage({ site, articles: headlines, categories, feeds, categoryFeeds, vapidPublicKey: "BKey", now }),
  "/no-key": renderHomePage({ site, articles: headlines, categories, feeds, categoryFeeds, now }),
  "/articles/1": renderArticlePage({ site, article: article(), feeds, now }),
};

let browser: Browser;

/** Opens `path` on `origin` (http://localhost is a secure context; other http origins are not). */
async function open(origin: string, path: string): Promise<{ page: Page; violations: string[] }> {
  const page = await browser.newPage();
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  page.on("pageerror", (e) => violations.push(`pageerror: ${e.message}`));
  await page.route(`${origin}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === "/static/style.css") return route.fulfill({ body: readFileSync("public/style.css"), contentType: "text/css" });
    if (path === "/static/app.js") return route.fulfill({ body: readFileSync("public/app.js"), contentType: "text/javascript" });
    const html = PAGES[path];
    if (!html) return route.fulfill({ status: 404, body: "" });
    return route.fulfill({ body: html, contentType: "text/html; charset=utf-8", headers: { "content-security-policy": CSP } });
  });
  await page.goto(`${origin}${path}`);
  return { page, violations };
}

describe.skipIf(skipWithoutChromium)("public/app.js in Chromium", () => {
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: requireChromium(),
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("scales the article text with أ+ / أ- / reset and remembers the choice", async () => {
    const { page, violations } = await open("http://localhost:9", "/articles/1");
    const size = () => page.$eval(".article-body", (e) => parseFloat(getComputedStyle(e).fontSize));
    expect(await page.isVisible(".font-size-control")).toBe(true);
    const base = await size();
    await page.click('[data-font-size="increase"]');
    const larger = await size();
    expect(larger).toBeGreaterThan(base);
    await page.reload();
    expect(await size()).toBe(larger);
    await page.click('[data-font-size="decrease"]');
    await page.click('[data-font-size="decrease"]');
    expect(await size()).toBeLessThan(base);
    await page.click('[data-font-size="reset"]');
    expect(await size()).toBe(base);
    expect(await page.evaluate(() => localStorage.getItem("article-font-scale"))).toBeNull();
    expect(violations).toEqual([]);
    await page.close();
  });

  it("reveals the alerts controls where push is supported", async () => {
    const { page, violations } = await open("http://localhost:9", "/");
    expect(await page.isVisible("#alerts")).toBe(true);
    expect(await page.isVisible("#alerts-enable")).toBe(true);
    expect(await page.textContent("#alerts-status")).toBe("");
    expect(violations).toEqual([]);
    await page.close();
  });

  it("says the browser cannot take alerts where push is unavailable", async () => {
    // Plain http on a non-local host is not a secure context, so there is no navigator.serviceWorker.
    const { page } = await open("http://news.test", "/");
    expect(await page.isVisible("#alerts")).toBe(true);
    expect(await page.isVisible("#alerts-enable")).toBe(false);
    expect(await page.textContent("#alerts-status")).toBe("متصفحك لا يدعم التنبيهات");
    await page.close();
  });

  it("keeps the alerts section hidden when the server has no VAPID key", async () => {
    const { page } = await open("http://localhost:9", "/no-key");
    expect(await page.isVisible("#alerts")).toBe(false);
    await page.close();
  });
});
