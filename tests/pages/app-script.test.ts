import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { readFileSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
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

/** What the page sent to the subscriptions API, as the stand-in server saw it. */
interface ApiCall {
  method: string;
  body: { endpoint?: string; keys?: unknown; topics?: string[]; timeZone?: string };
}

/**
 * A stand-in for Safari's `window.pushManager` (Declarative Web Push), installed before app.js runs. Its subscription
 * lives in localStorage so it survives a reload, as a real one would; `window.__pushCalls` records what app.js asked.
 */
function fakeWindowPushManager() {
  const calls: unknown[] = [];
  (window as unknown as { __pushCalls: unknown[] }).__pushCalls = calls;
  const KEY = "fake-window-push-subscription";
  const asSubscription = (saved: { endpoint: string; keys: Record<string, string> } | null) =>
    saved && {
      endpoint: saved.endpoint,
      expirationTime: null,
      toJSON: () => ({ endpoint: saved.endpoint, expirationTime: null, keys: saved.keys }),
      unsubscribe: async () => {
        calls.push("unsubscribe");
        localStorage.removeItem(KEY);
        return true;
      },
    };
  (window as unknown as { pushManager: unknown }).pushManager = {
    subscribe: async (options: { userVisibleOnly: boolean; applicationServerKey: Uint8Array }) => {
      calls.push({ subscribe: { userVisibleOnly: options.userVisibleOnly, keyBytes: options.applicationServerKey.byteLength } });
      const saved = { endpoint: "https://web.push.apple.com/QGxvY2FsLXRlc3Q", keys: { p256dh: "BPage-key", auth: "auth-secret" } };
      localStorage.setItem(KEY, JSON.stringify(saved));
      return asSubscription(saved);
    },
    getSubscription: async () => asSubscription(JSON.parse(localStorage.getItem(KEY) ?? "null")),
  };
}

/** Swallows Playwright's "has been closed" (a late cleanup after the browser went); anything else still fails the run. */
function unlessClosed(error: unknown): void {
  if (!/has been closed/.test(String(error))) throw error;
}

/** Opens `path` on `origin` (http://localhost is a secure context; other http origins are not). */
async function open(
  origin: string,
  path: string,
  setup: (context: BrowserContext) => Promise<void> = async () => {},
): Promise<{ page: Page; violations: string[]; api: ApiCall[]; paths: string[] }> {
  const context = await browser.newContext();
  await setup(context);
  const page = await context.newPage();
  // The browser may close first (afterAll right after a test's last page.close()): that race is no failure.
  page.on("close", () => void context.close().catch(unlessClosed));
  const api: ApiCall[] = [];
  const paths: string[] = [];
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  page.on("pageerror", (e) => violations.push(`pageerror: ${e.message}`));
  // The context's routes also answer the service worker's script fetch, which page routes do not see.
  await context.route(`${origin}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    paths.push(path);
    if (path === "/api/push/subscriptions") {
      const method = route.request().method();
      api.push({ method, body: JSON.parse(route.request().postData() ?? "{}") });
      return route.fulfill(method === "DELETE" ? { status: 204 } : { status: 201, contentType: "application/json", body: "{}" });
    }
    if (path === "/static/style.css") return route.fulfill({ body: readFileSync("public/style.css"), contentType: "text/css" });
    if (path === "/sw.js") return route.fulfill({ body: readFileSync("public/sw.js"), contentType: "text/javascript" });
    if (path === "/static/app.js") return route.fulfill({ body: readFileSync("public/app.js"), contentType: "text/javascript" });
    const html = PAGES[path];
    if (!html) return route.fulfill({ status: 404, body: "" });
    return route.fulfill({ body: html, contentType: "text/html; charset=utf-8", headers: { "content-security-policy": CSP } });
  });
  await page.goto(`${origin}${path}`);
  return { page, violations, api, paths };
}

const granted = (origin: string) => async (context: BrowserContext) => context.grantPermissions(["notifications"], { origin });

/** An iPhone's Safari, in a tab (standalone false) or opened from the Home Screen (true). */
const iPhone = (standalone: boolean, withPushManager: boolean) => async (context: BrowserContext) => {
  await context.addInitScript(
    ({ standalone, withPushManager, fake }) => {
      Object.defineProperty(Navigator.prototype, "userAgent", {
        get: () => "Mozilla/5.0 (iPhone; CPU iPhone OS 18_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.4 Mobile/15E148 Safari/604.1",
      });
      Object.defineProperty(Navigator.prototype, "standalone", { get: () => standalone });
      // iOS Safari in a tab offers no Push API at all.
      delete (window as { PushManager?: unknown }).PushManager;
      if (withPushManager) new Function(`(${fake})()`)();
    },
    { standalone, withPushManager, fake: fakeWindowPushManager.toString() },
  );
};

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

  it("scales the article text with تكبير / تصغير / الحجم الافتراضي and remembers the choice", async () => {
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

  it("subscribes through window.pushManager where the browser offers it, with no service worker, and posts the same subscription", async () => {
    const origin = "http://localhost:9";
    const { page, violations, api, paths } = await open(origin, "/", async (context) => {
      await granted(origin)(context);
      await context.addInitScript(fakeWindowPushManager);
    });
    expect(await page.evaluate(() => (window as unknown as { newsAlerts: { pushPath: string } }).newsAlerts.pushPath)).toBe("declarative");
    await page.check('input[name="topic"][value="سياسة"]');
    await page.click("#alerts-enable");
    await page.waitForFunction(() => document.querySelector("#alerts-status")?.textContent === "تم تفعيل التنبيهات");
    expect(await page.evaluate(() => (window as unknown as { __pushCalls: unknown[] }).__pushCalls)).toEqual([{ subscribe: { userVisibleOnly: true, keyBytes: 3 } }]);
    expect(api).toEqual([
      {
        method: "POST",
        body: { endpoint: "https://web.push.apple.com/QGxvY2FsLXRlc3Q", expirationTime: null, keys: { p256dh: "BPage-key", auth: "auth-secret" }, topics: ["سياسة"], timeZone: expect.any(String) },
      },
    ]);
    expect(paths).not.toContain("/sw.js");
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0);
    expect(violations).toEqual([]);
    await page.close();
  });

  it("after subscribing shows which sections arrive, saves a new choice and stops from the same box", async () => {
    const origin = "http://localhost:9";
    const { page, api } = await open(origin, "/", async (context) => {
      await granted(origin)(context);
      await context.addInitScript(fakeWindowPushManager);
    });
    await page.check('input[name="topic"][value="اقتصاد"]');
    await page.click("#alerts-enable");
    await page.waitForFunction(() => document.querySelector("#alerts-status")?.textContent === "تم تفعيل التنبيهات");
    expect(await page.textContent("#alerts-current")).toBe("تصلك تنبيهات هذه الأقسام: اقتصاد");
    expect(await page.isVisible("#alerts-update")).toBe(true);

    // A reload finds the browser's subscription and the sections it chose.
    await page.reload();
    await page.waitForFunction(() => !document.querySelector("#alerts-current")?.hasAttribute("hidden"));
    expect(await page.textContent("#alerts-current")).toBe("تصلك تنبيهات هذه الأقسام: اقتصاد");
    expect(await page.isChecked('input[name="topic"][value="اقتصاد"]')).toBe(true);
    expect(await page.isChecked('input[name="topic"][value="سياسة"]')).toBe(false);
    expect(await page.textContent("#alerts-enable")).toBe("إيقاف التنبيهات");

    // Unchecking everything means every section.
    await page.uncheck('input[name="topic"][value="اقتصاد"]');
    await page.click("#alerts-update");
    await page.waitForFunction(() => document.querySelector("#alerts-status")?.textContent === "تم حفظ الأقسام");
    expect(await page.textContent("#alerts-current")).toBe("تصلك تنبيهات كل الأقسام.");
    expect(api.map((c) => [c.method, c.body.topics])).toEqual([["POST", ["اقتصاد"]], ["POST", []]]);
    expect(api[1]!.body.endpoint).toBe(api[0]!.body.endpoint);

    await page.click("#alerts-enable");
    await page.waitForFunction(() => document.querySelector("#alerts-status")?.textContent === "تم إيقاف التنبيهات");
    expect(api.at(-1)).toEqual({ method: "DELETE", body: { endpoint: "https://web.push.apple.com/QGxvY2FsLXRlc3Q" } });
    expect(await page.isVisible("#alerts-current")).toBe(false);
    expect(await page.isVisible("#alerts-update")).toBe(false);
    expect(await page.textContent("#alerts-enable")).toBe("فعّل التنبيهات");
    await page.close();
  });

  it("falls back to the service worker's push manager where the window has none (Chromium)", async () => {
    const { page, paths } = await open("http://localhost:9", "/");
    expect(await page.evaluate(() => (window as unknown as { newsAlerts: { pushPath: string } }).newsAlerts.pushPath)).toBe("service-worker");
    expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).scope)).toBe("http://localhost:9/");
    expect(paths).toContain("/sw.js");
    await page.close();
  });

  it("makes a disabled alerts button look disabled: grey, no accent, a not-allowed pointer", async () => {
    const { page } = await open("http://localhost:9", "/");
    const look = () =>
      page.$eval("#alerts-enable", (b) => {
        const style = getComputedStyle(b);
        return { background: style.backgroundColor, color: style.color, cursor: style.cursor };
      });
    const enabled = await look();
    await page.$eval("#alerts-enable", (b) => ((b as HTMLButtonElement).disabled = true));
    const disabled = await look();
    expect(disabled.cursor).toBe("not-allowed");
    expect(disabled.background).not.toBe(enabled.background);
    expect(disabled.color).not.toBe(enabled.color);
    await page.close();
  });

  it("tells an iPhone reader in Safari how to add the site to the Home Screen instead of saying alerts are unsupported", async () => {
    const { page, violations } = await open("http://localhost:9", "/", iPhone(false, false));
    expect(await page.isVisible("#alerts")).toBe(true);
    expect(await page.isVisible("#alerts-install")).toBe(true);
    expect(await page.textContent("#alerts-install")).toContain("إضافة إلى الشاشة الرئيسية");
    expect(await page.isVisible("#alerts-enable")).toBe(false);
    expect(await page.textContent("#alerts-status")).toBe("");
    expect(violations).toEqual([]);
    await page.close();
  });

  it("offers the alerts controls in the installed web app on iPhone, through window.pushManager", async () => {
    const { page } = await open("http://localhost:9", "/", iPhone(true, true));
    expect(await page.isVisible("#alerts-install")).toBe(false);
    expect(await page.isVisible("#alerts-enable")).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { newsAlerts: { pushPath: string } }).newsAlerts.pushPath)).toBe("declarative");
    await page.close();
  });

  it("keeps the alerts section hidden when the server has no VAPID key", async () => {
    const { page } = await open("http://localhost:9", "/no-key");
    expect(await page.isVisible("#alerts")).toBe(false);
    await page.close();
  });
});
