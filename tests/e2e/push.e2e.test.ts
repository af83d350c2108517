/**
 * Web Push in a real browser: Debian's Chromium (playwright-core) against the real app on a loopback
 * port, with public/sw.js and public/app.js as shipped.
 *
 * Covered for real: service worker registration under the strict CSP; a push delivered by DevTools
 * (`ServiceWorker.deliverPushMessage`, the browser decrypts nothing but runs the real `push` handler)
 * with a declarative push message from the real `buildPushPayload` (and one of the previous flat shape,
 * which the worker still reads), read back through `getNotifications()`; the fallback notification for a
 * malformed payload; the click logic opening `navigate`, and that link, followed by the browser, landing
 * on the article and counting the click; the subscribe button timing out offline with an Arabic message;
 * the subscription POST and its storage; the "blocked" state.
 *
 * Not covered: Safari's own display of the declarative message without a worker (no WebKit here; the
 * payload's conformance to the format is tested in tests/push/payload.test.ts); a real
 * `notificationclick` (no DevTools call clicks a notification, and Chromium
 * refuses focus/openWindow outside one: the test asserts that refusal), so the test runs the
 * handler's logic, `self.newsAlertsWorker.openFromNotification`, on a stand-in carrying the real
 * notification's data, with a wrapper around the real `self.clients` that records focus/openWindow;
 * `pushManager.subscribe` succeeding (it needs Google's push service, and this browser is offline),
 * so the page's `window.newsAlerts.saveSubscription` hook is driven with generated P-256 keys;
 * `pushsubscriptionchange` itself (Chromium never fires it; its handler's logic,
 * `self.newsAlertsWorker.renewSubscription`, is run with a generated subscription against the real API).
 *
 * Test hooks used: localStorage "news-alerts:subscribe-timeout-ms" (app.js subscribe timeout),
 * window.newsAlerts.saveSubscription (app.js), self.newsAlertsWorker (sw.js).
 */
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { serve, type ServerType } from "@hono/node-server";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { chromium, type BrowserContext, type CDPSession, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publicAssets } from "../../functions/node/assets.ts";
import { nodeCompressors } from "../../functions/node/compress.ts";
import { createLogger } from "../../functions/node/logger.ts";
import type { Article } from "../../lib/model/article.ts";
import webpush from "web-push";
import { clickSecretFrom } from "../../lib/compose/core.ts";
import { createClickTags } from "../../lib/push/click-tags.ts";
import { buildPushPayload, withClickTag } from "../../lib/push/payload.ts";
import { createServices, type Services } from "../../lib/services.ts";
import { createSubscriberKeys, subscriptionJson } from "../helpers/push-client.ts";
import { startTestServices, TEST_ADMIN_TOKEN, type TestServices } from "../helpers/test-store.ts";
import { requireChromium, skipWithoutChromium } from "../helpers/chromium.ts";

const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Notification fields as the page reads them back from `registration.getNotifications()`. */
interface ShownNotification {
  title: string;
  body: string;
  dir: string;
  lang: string;
  tag: string;
  icon: string;
  image: string;
  renotify: boolean;
  silent: boolean;
  timestamp: number;
  data: { url?: string } | null;
}

/** The flat payload the service sent before declarative messages; the worker still reads it (queued messages). */
function previousPayload(article: Article, baseUrl: string, iconUrl?: string) {
  return {
    title: article.title,
    body: article.summary,
    url: article.url,
    ...(iconUrl ? { icon: new URL(iconUrl, baseUrl).href } : {}),
    tag: `article-${article.id}`,
    lang: "ar",
    dir: "rtl",
    publishedAt: article.publishedAt,
  };
}

/** What these tests touch of a service worker's global scope (tsconfig has no WebWorker lib). */
interface WorkerScope {
  location: Location;
  registration: ServiceWorkerRegistration;
  clients: {
    matchAll(options: { type: "window"; includeUncontrolled: boolean }): Promise<Array<{ url: string }>>;
    openWindow(url: string): Promise<unknown>;
  };
  /** Test hook from public/sw.js. */
  newsAlertsWorker: {
    openFromNotification(notification: unknown, clients: unknown): Promise<unknown>;
    renewSubscription(oldSubscription: unknown, newSubscription: unknown): Promise<unknown>;
  };
  __shownCount?: number;
}

/** Chromium's Notification has these; TypeScript's DOM lib does not declare them. */
type ChromiumNotification = Notification & { image: string; renotify: boolean; timestamp: number };

const ARTICLES = [
  {
    id: "e2e-damascus-tehran",
    title: "اتفاقية شاملة للتعاون العسكري بين دمشق وطهران.. ورئيس الأركان الإيراني يوجه رسالة لتركيا",
    summary: "وقع نظام الأسد اليوم الأربعاء اتفاقية شاملة للتعاون العسكري مع إيران.",
    category: "سياسة",
    publishedAt: "2020-07-08T18:57:00+03:00",
  },
  {
    id: "e2e-lira",
    title: "الليرة السورية تسجّل تراجعاً جديداً أمام الدولار",
    summary: "سجّلت الليرة السورية اليوم تراجعاً جديداً في أسواق دمشق وحلب.",
    category: "اقتصاد",
    publishedAt: "2020-07-09T09:15:00+03:00",
    breaking: true,
  },
  {
    id: "e2e-aleppo-bread",
    title: "ارتفاع جديد في سعر ربطة الخبز في حلب",
    summary: "رفعت حكومة النظام سعر ربطة الخبز للمرة الثانية هذا العام.",
    category: "اقتصاد",
    publishedAt: "2020-07-10T08:00:00+03:00",
  },
  {
    id: "e2e-idlib-truce",
    title: "خروقات متكررة للهدنة في ريف إدلب الجنوبي",
    summary: "سجّل ناشطون خروقات جديدة للهدنة في ريف إدلب.",
    category: "سياسة",
    publishedAt: "2020-07-11T12:30:00+03:00",
  },
  {
    id: "e2e-homs-schools",
    title: "إعادة افتتاح مدارس حمص بعد الترميم",
    summary: "افتتحت اليوم ثلاث مدارس في أحياء حمص القديمة بعد ترميمها.",
    category: "مجتمع",
    publishedAt: "2020-07-12T07:45:00+03:00",
  },
];

describe.skipIf(skipWithoutChromium)("Web Push in Chromium", () => {
  let server: ServerType;
  let origin: string;
  let t: TestServices;
  let services: Services;
  let userDataDir: string;
  let context: BrowserContext;
  let page: Page;
  let cdp: CDPSession;
  let registrationId: string;
  const published: Article[] = [];
  let savedEndpoint = "";

  async function tableItemsMentioning(text: string) {
    const items = (await t.client.send(new ScanCommand({ TableName: t.tableName }))).Items ?? [];
    return items.filter((item) => JSON.stringify(item).includes(text));
  }

  beforeAll(async () => {
    const executablePath = requireChromium();
    // The app is bound late: the origin (and so PUBLIC_BASE_URL) is only known once the port is.
    let app: Services["app"] | undefined;
    server = serve({ fetch: (req) => (app ? app.fetch(req) : new Response("starting", { status: 503 })), port: 0, hostname: "127.0.0.1" });
    await once(server, "listening");
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await startTestServices({ config: { PUBLIC_BASE_URL: origin } });
    const vapid = webpush.generateVAPIDKeys();
    services = await createServices({
      config: t.config,
      client: t.client,
      adminToken: TEST_ADMIN_TOKEN,
      logger: createLogger({ level: "warn", write: (line) => t.logLines.push(line) }),
      compress: nodeCompressors,
      loadAsset: publicAssets(new URL("../../public/", import.meta.url)),
      vapidPublicKey: vapid.publicKey,
    });
    app = services.app;

    for (const input of ARTICLES) {
      const res = await fetch(`${origin}/api/articles`, {
        method: "POST",
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ ...input, url: `${origin}/articles/${input.id}` }),
      });
      if (res.status !== 201) throw new Error(`publish ${input.id}: ${res.status} ${await res.text()}`);
      published.push((await res.json()) as Article);
    }

    userDataDir = await mkdtemp(join(tmpdir(), "push-e2e-"));
    context = await chromium.launchPersistentContext(userDataDir, { executablePath, headless: false, args: CHROMIUM_ARGS });
    await context.grantPermissions(["notifications"], { origin });
    page = context.pages()[0] ?? (await context.newPage());

    cdp = await context.newCDPSession(page);
    const registered = new Promise<string>((resolve) => {
      cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
        const ours = registrations.find((r) => r.scopeURL === `${origin}/` && !r.isDeleted);
        if (ours) resolve(ours.registrationId);
      });
    });
    await cdp.send("ServiceWorker.enable");
    await page.goto(`${origin}/`);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL)).toBe(`${origin}/sw.js`);
    registrationId = await registered;
  });

  afterAll(async () => {
    await context?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
    server?.close();
    await t?.close();
  });

  function serviceWorker() {
    const worker = context.serviceWorkers().find((w) => w.url() === `${origin}/sw.js`);
    if (!worker) throw new Error("no service worker for the origin");
    return worker;
  }

  /** How many showNotification calls the worker has completed (a counter the test installs around it). */
  function shownCount() {
    return serviceWorker().evaluate(() => {
      const scope = self as unknown as WorkerScope;
      if (scope.__shownCount === undefined) {
        scope.__shownCount = 0;
        const registration = scope.registration;
        const show = registration.showNotification.bind(registration);
        registration.showNotification = (title: string, options?: NotificationOptions) =>
          show(title, options).then(() => void (scope.__shownCount! += 1));
      }
      return scope.__shownCount;
    });
  }

  /**
   * Delivers a push and waits until the worker has shown its notification, then lets the browser
   * record it as displayed. Reading `getNotifications()` while a notification is being shown can make
   * Chromium drop it as "no longer displayed" (seen about one run in ten), hence no polling before.
   */
  async function deliverPush(data: string) {
    const before = await shownCount();
    await cdp.send("ServiceWorker.deliverPushMessage", { origin, registrationId, data });
    for (let attempt = 0; attempt < 200 && (await shownCount()) <= before; attempt++) await sleep(50);
    await sleep(250);
  }

  /**
   * Waits until the service worker shows the notification tagged `tag` ("" for untagged) and reads it
   * back. Each test uses its own tag and nothing is closed, so no test sees another's notification.
   */
  async function shownNotification(tag: string): Promise<ShownNotification> {
    const read = () =>
      page.evaluate(async (wanted) => {
        const registration = await navigator.serviceWorker.ready;
        const [n] = (await registration.getNotifications()).filter((n) => n.tag === wanted) as ChromiumNotification[];
        return n
          ? {
              title: n.title, body: n.body, dir: n.dir, lang: n.lang, tag: n.tag, icon: n.icon, image: n.image,
              renotify: n.renotify, silent: n.silent, timestamp: n.timestamp, data: n.data,
            }
          : undefined;
      }, tag);
    for (let attempt = 0; attempt < 200; attempt++) {
      const shown = await read();
      if (shown) return shown as ShownNotification;
      await sleep(50);
    }
    const all = await page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => `${n.tag}:${n.title}`));
    throw new Error(`no notification tagged "${tag}" was shown; showing: ${JSON.stringify(all)}`);
  }

  it("reveals the alerts controls on the served home page", async () => {
    expect(await page.isVisible("#alerts-enable")).toBe(true);
    expect(await page.textContent("#alerts-status")).toBe("");
  });

  /** A subscriber's declarative message for `article`, with a click tag the app accepts (same key derivation). */
  async function declarativeFor(article: Article, subId: string) {
    const tags = await createClickTags({ secret: await clickSecretFrom(TEST_ADMIN_TOKEN) });
    return withClickTag(buildPushPayload(article, { baseUrl: origin, iconUrl: "/static/icon.png" }), await tags.tagFor(article.id, subId));
  }

  it("shows a declarative push message as a right-to-left Arabic notification", async () => {
    const article = published[4]!;
    const payload = await declarativeFor(article, "e2e-subscriber-1");
    await deliverPush(JSON.stringify(payload));
    const shown = await shownNotification(payload.notification.tag);
    expect(shown.title).toBe(ARTICLES[4]!.title);
    expect(shown.body).toBe(ARTICLES[4]!.summary);
    expect(shown.dir).toBe("rtl");
    expect(shown.lang).toBe("ar");
    expect(shown.tag).toBe(`article-${article.id}`);
    expect(shown.icon).toBe(`${origin}/static/icon.png`);
    expect(shown.silent).toBe(false);
    expect(shown.timestamp).toBe(Date.parse(article.publishedAt));
    expect(shown.data?.url).toBe(payload.notification.navigate);
    expect(shown.data?.url).toMatch(new RegExp(`^${origin}/push/open/${article.id}\\?s=[A-Za-z0-9_-]{20}$`));
  });

  it("opens navigate when the declarative notification is clicked; the link lands on the article and counts the click", async () => {
    const article = published[4]!;
    const payload = await declarativeFor(article, "e2e-subscriber-1");
    const { calls } = await clickInWorker(payload.notification.tag);
    expect(calls).toEqual([["close"], ["openWindow", payload.notification.navigate]]);
    // What the opened window does: the browser follows the redirect to the article page, campaign parameters added.
    const opened = await context.newPage();
    await opened.goto(calls[1]![1]!);
    expect(opened.url()).toBe(`${origin}/articles/${article.id}?utm_source=web-push&utm_medium=push&utm_campaign=${article.id}`);
    expect(await opened.textContent("h1")).toBe(ARTICLES[4]!.title);
    await opened.goto(calls[1]![1]!);
    await opened.close();
    const stats = await fetch(`${origin}/api/articles/${article.id}/push-stats`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    expect(await stats.json()).toMatchObject({ articleId: article.id, clicked: 1 });
  });

  it("shows a pushed article of the previous payload shape as a right-to-left Arabic notification", async () => {
    const article = published[0]!;
    const payload = previousPayload(article, origin, "/static/icon.png");
    await deliverPush(JSON.stringify(payload));
    const shown = await shownNotification(payload.tag);
    expect(shown.title).toBe(ARTICLES[0]!.title);
    expect(shown.body).toBe(ARTICLES[0]!.summary);
    expect(shown.dir).toBe("rtl");
    expect(shown.lang).toBe("ar");
    expect(shown.tag).toBe(`article-${article.id}`);
    expect(shown.icon).toBe(`${origin}/static/icon.png`);
    expect(shown.data?.url).toBe(`${origin}/articles/${article.id}`);
    expect(shown.renotify).toBe(false);
  });

  it("re-alerts for breaking news pushed with urgency high", async () => {
    const payload = { ...previousPayload(published[1]!, origin), urgency: "high" };
    await deliverPush(JSON.stringify(payload));
    const shown = await shownNotification(payload.tag);
    expect(shown.title).toBe(ARTICLES[1]!.title);
    expect(shown.renotify).toBe(true);
  });

  it("still shows a notification when the payload is not JSON", async () => {
    await deliverPush("not json");
    const shown = await shownNotification("");
    expect(shown.title).toBe("أنا برس");
    expect(shown.body).toBe("خبر جديد");
    expect(shown.dir).toBe("rtl");
    expect(shown.data?.url).toBe(`${origin}/`);
  });

  it("never puts a non-http url in the notification's click target", async () => {
    await deliverPush(JSON.stringify({ title: "عنوان", body: "نص", url: "javascript:alert(1)", tag: "article-x" }));
    const shown = await shownNotification("article-x");
    expect(shown.data?.url).toBe(`${origin}/`);
  });

  /**
   * Runs the service worker's click logic on a stand-in for the notification with `tag` (its real
   * `data`; `close` recorded rather than performed, see shownNotification), through a wrapper
   * around the real `self.clients` that records focus/openWindow instead of performing them (Chromium
   * allows those only inside a trusted notificationclick). Returns the calls and whether the real
   * openWindow was refused here, which is what makes the wrapper necessary.
   */
  async function clickInWorker(tag: string) {
    return serviceWorker().evaluate(async (wanted) => {
      const scope = self as unknown as WorkerScope;
      const calls: string[][] = [];
      const recording = {
        matchAll: async (options: { type: "window"; includeUncontrolled: boolean }) =>
          (await scope.clients.matchAll(options)).map((c) => ({ url: c.url, focus: async () => void calls.push(["focus", c.url]) })),
        openWindow: async (url: string) => void calls.push(["openWindow", url]),
      };
      const realOpen = await scope.clients.openWindow(`${scope.location.origin}/`).then(
        () => "opened",
        (error: Error) => error.name,
      );
      const [shown] = await scope.registration.getNotifications({ tag: wanted });
      if (!shown) throw new Error(`no notification tagged ${wanted}`);
      const notification = { tag: shown.tag, data: shown.data, close: () => void calls.push(["close"]) };
      await scope.newsAlertsWorker.openFromNotification(notification, recording);
      return { calls, realOpen };
    }, tag);
  }

  it("opens the article in a new window when a notification of the previous shape is clicked", async () => {
    const article = published[2]!;
    const payload = previousPayload(article, origin);
    await deliverPush(JSON.stringify(payload));
    await shownNotification(payload.tag);
    const { calls, realOpen } = await clickInWorker(payload.tag);
    expect(realOpen).toBe("InvalidAccessError");
    expect(calls).toEqual([["close"], ["openWindow", `${origin}/articles/${article.id}`]]);
    // What the window would show: the article page, served by the app.
    const articlePage = await context.newPage();
    await articlePage.goto(calls[1]![1]!);
    expect(await articlePage.textContent("h1")).toBe(ARTICLES[2]!.title);
    await articlePage.close();
  });

  it("focuses a window already showing the article instead of opening another", async () => {
    const article = published[3]!;
    const articlePage = await context.newPage();
    await articlePage.goto(`${origin}/articles/${article.id}`);
    const payload = previousPayload(article, origin);
    await deliverPush(JSON.stringify(payload));
    await shownNotification(payload.tag);
    const { calls } = await clickInWorker(payload.tag);
    expect(calls).toEqual([["close"], ["focus", `${origin}/articles/${article.id}`]]);
    await articlePage.close();
  });

  it("gives up on an offline push service with an Arabic message, then stores a subscription with its topics", async () => {
    await page.evaluate(() => localStorage.setItem("news-alerts:subscribe-timeout-ms", "1500"));
    await page.check('input[name="topic"][value="سياسة"]');
    await page.click("#alerts-enable");
    await page.waitForFunction(() => document.querySelector("#alerts-status")?.textContent !== "جارٍ تفعيل التنبيهات…" && document.querySelector("#alerts-status")?.textContent !== "");
    expect(await page.textContent("#alerts-status")).toBe("تعذّر الوصول إلى خدمة التنبيهات في المتصفح، حاول مرة أخرى لاحقاً");
    expect(await page.isEnabled("#alerts-enable")).toBe(true);

    const endpoint = (savedEndpoint = `https://fcm.googleapis.com/fcm/send/${randomUUID()}`);
    const subscription = subscriptionJson(endpoint, createSubscriberKeys());
    const result = await page.evaluate(
      (sub) => (window as unknown as { newsAlerts: { saveSubscription(s: unknown): Promise<{ ok: boolean; status: number }> } }).newsAlerts.saveSubscription(sub),
      subscription,
    );
    expect(result).toEqual({ ok: true, status: 201 });
    expect(await page.textContent("#alerts-status")).toBe("تم تفعيل التنبيهات");
    expect(await page.textContent("#alerts-enable")).toBe("إيقاف التنبيهات");

    const stored = await tableItemsMentioning(endpoint);
    expect(stored.length).toBeGreaterThan(0);
    expect(JSON.stringify(stored)).toContain("سياسة");

    // The topics the service worker will keep if the push service renews the subscription.
    const prefs = await page.evaluate(async () => (await caches.match("/news-alerts/prefs.json"))?.json());
    expect(prefs).toEqual({ topics: ["سياسة"], timeZone: expect.any(String) });
  });

  it("moves a renewed subscription to the server with the reader's topics and drops the old endpoint", async () => {
    // Chromium never fires pushsubscriptionchange, so the test runs its handler's logic with a new
    // subscription made of generated keys; the POST, the DELETE and the stored topics are real.
    const endpoint = `https://fcm.googleapis.com/fcm/send/${randomUUID()}`;
    const renewed = subscriptionJson(endpoint, createSubscriberKeys());
    await serviceWorker().evaluate(
      async ({ oldEndpoint, json }) => {
        const scope = self as unknown as WorkerScope;
        await scope.newsAlertsWorker.renewSubscription({ endpoint: oldEndpoint }, { toJSON: () => json });
      },
      { oldEndpoint: savedEndpoint, json: renewed },
    );
    const stored = await tableItemsMentioning(endpoint);
    expect(stored.length).toBeGreaterThan(0);
    expect(JSON.stringify(stored)).toContain("سياسة");
    expect(await tableItemsMentioning(savedEndpoint)).toEqual([]);
  });

  it("turns the button back to enabling once alerts are stopped", async () => {
    expect(await page.textContent("#alerts-enable")).toBe("إيقاف التنبيهات");
    await page.click("#alerts-enable");
    await page.waitForFunction(() => document.querySelector("#alerts-status")?.textContent === "تم إيقاف التنبيهات");
    expect(await page.textContent("#alerts-enable")).toBe("فعّل التنبيهات");
  });

  it("says alerts are blocked, and disables the button, when the site may not notify", async () => {
    await cdp.send("Browser.setPermission", { permission: { name: "notifications" }, setting: "denied", origin });
    await page.reload();
    await page.waitForFunction(() => document.querySelector("#alerts-status")?.textContent !== "");
    expect(await page.textContent("#alerts-status")).toBe("التنبيهات محظورة في إعدادات المتصفح");
    expect(await page.isDisabled("#alerts-enable")).toBe(true);
  });
});
