/**
 * Opening a feed in a real browser (Debian's Chromium): no XSLT; public/feed.css and public/feed-view.js turn the
 * RSS or Atom bytes into a right-to-left Arabic page with linked titles and Hijri + Gregorian dates, under the strict
 * CSP, with no request leaving the site. Screenshots go to E2E_SCREENSHOTS when it is set (to look at them).
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publicAssets } from "../../functions/node/assets.ts";
import { freePort } from "../../scripts/load/service-process.ts";
import { formatArabicDates } from "../../lib/pages/dates.ts";
import { request, startTestServices, type TestServices } from "../helpers/test-store.ts";
import { requireChromium, skipWithoutChromium } from "../helpers/chromium.ts";

const LEAD = {
  title: "اتفاقية شاملة للتعاون العسكري بين دمشق وطهران",
  url: "http://anapress.net/a/194391885768658",
  category: "سوريا",
  summary: "وقّع وزير الدفاع السوري ورئيس الأركان الإيراني اتفاقية <b>شاملة</b>.",
  publishedAt: "2020-07-08T15:57:00Z",
};
const HOSTILE = {
  title: `عنوان "><img src=x onerror=alert(1)><script>alert(2)</script>`,
  url: "https://anapress.net/a/hostile",
  category: "سوريا",
  publishedAt: "2020-07-07T21:30:00Z",
};
const XHTML = "http://www.w3.org/1999/xhtml";

/** What the headline page shows for an instant: "<hijri> الموافق <gregorian> <clock>". */
function expectedDate(iso: string): string {
  const d = formatArabicDates(iso, "Asia/Damascus");
  return `${d.hijri} الموافق ${d.gregorian} ${d.time}`;
}

describe.skipIf(skipWithoutChromium)("feeds in a browser", () => {
  let t: TestServices;
  let server: ServerType;
  let browser: Browser;
  let origin: string;
  let profile: string;
  const shots = process.env.E2E_SCREENSHOTS;

  beforeAll(async () => {
    const executablePath = requireChromium();
    // The port is needed for PUBLIC_BASE_URL before the app exists, so a free one is taken first.
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    t = await startTestServices({ config: { PUBLIC_BASE_URL: origin }, loadAsset: publicAssets(new URL("../../public/", import.meta.url)) });
    for (const article of [LEAD, HOSTILE]) {
      const res = await request(t, "/api/articles", { method: "POST", admin: true, json: article });
      expect(res.status).toBe(201);
    }
    server = serve({ fetch: t.app.fetch, port, hostname: "127.0.0.1" });
    await new Promise((resolve) => server.once("listening", resolve));
    profile = await mkdtemp(join(tmpdir(), "feeds-e2e-"));
    if (shots) await mkdir(shots, { recursive: true });
    browser = await chromium.launch({
      executablePath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await t?.close();
    await rm(profile, { recursive: true, force: true });
  });

  /** Opens a url and records what a person would not want: requests off the site, console errors, dialogs. */
  async function open(path: string, options: { javaScriptEnabled?: boolean } = {}) {
    const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true, viewport: { width: 900, height: 900 } });
    const page = await context.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("dialog", (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    const response = await page.goto(`${origin}${path}`);
    return { page, context, requests, problems, response: response! };
  }

  async function screenshot(page: Page, name: string, fullPage = true) {
    if (shots) await page.screenshot({ path: join(shots, `${name}.png`), fullPage });
  }

  for (const [file, name] of [["rss.xml", "rss"], ["atom.xml", "atom"]] as const) {
    it(`shows /feeds/${file} as a right-to-left Arabic page without XSLT: title, feed note with its address, linked items, Arabic dates`, async () => {
      const { page, context, requests, problems, response } = await open(`/feeds/${file}`);
      expect(response.headers()["content-type"]).toBe("application/xml; charset=utf-8");
      expect(await response.text()).not.toContain("text/xsl");
      await page.waitForFunction((ns) => document.documentElement.namespaceURI === ns, XHTML);

      const view = await page.evaluate(() => ({
        stylesheets: Array.from(document.childNodes)
          .filter((n): n is ProcessingInstruction => n.nodeType === Node.PROCESSING_INSTRUCTION_NODE)
          .map((pi) => pi.data),
        dir: document.documentElement.getAttribute("dir"),
        lang: document.documentElement.getAttribute("lang"),
        title: document.title,
        h1: document.querySelector("h1")?.textContent,
        note: (document.querySelector(".note") as HTMLElement | null)?.innerText ?? "",
        address: document.querySelector(".note code")?.textContent,
        items: Array.from(document.querySelectorAll("li.item")).map((li) => ({
          direction: getComputedStyle(li).direction,
          title: li.querySelector("h2")?.textContent,
          href: li.querySelector("h2 a")?.getAttribute("href"),
          date: li.querySelector("time")?.textContent,
          datetime: li.querySelector("time")?.getAttribute("datetime"),
          summary: li.querySelector(".summary")?.textContent,
        })),
        body: document.body.innerText,
        images: document.images.length,
        scripts: document.querySelectorAll("script").length,
      }));
      expect(view.stylesheets.join(" ")).not.toContain("xsl");
      expect(view.stylesheets).toEqual([`type="text/css" href="${origin}/static/feed.css"`]);
      expect(view.dir).toBe("rtl");
      expect(view.lang).toBe("ar");
      expect(view.title).toBe("أنا برس");
      expect(view.h1).toBe("أنا برس");
      expect(view.note).toContain("هذه خلاصة RSS/Atom — انسخ الرابط إلى قارئ الخلاصات");
      expect(view.address).toBe(`${origin}/feeds/${file}`);
      expect(view.items).toHaveLength(2);
      expect(view.items[0]).toEqual({
        direction: "rtl",
        title: LEAD.title,
        href: LEAD.url,
        date: expectedDate(LEAD.publishedAt),
        datetime: "2020-07-08T15:57:00.000Z",
        // Markup in a summary is text, in RSS (an HTML field, escaped) and Atom (type="text") alike.
        summary: LEAD.summary,
      });
      expect(view.items[0]!.date).toBe("17 ذو القعدة 1441 هـ الموافق 8 تموز 2020 18:57");
      // Turned over at local midnight, as on the headline page: 21:30 UTC is 00:30 the next day in Damascus.
      expect(view.items[1]).toMatchObject({ direction: "rtl", title: HOSTILE.title, href: HOSTILE.url, date: expectedDate(HOSTILE.publishedAt) });
      // No RFC 822 or RFC 3339 text, and the hostile title stayed text: no image, no script beyond the view's own.
      expect(view.body).not.toMatch(/GMT|\d{4}-\d{2}-\d{2}T/);
      expect(view.images).toBe(0);
      expect(view.scripts).toBe(0);
      expect(problems).toEqual([]);
      expect(requests.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);
      // The feed, the view's script and style, and the site's icon for the tab: nothing else.
      expect([...new Set(requests)].sort()).toEqual([`${origin}/feeds/${file}`, `${origin}/static/feed-view.js`, `${origin}/static/feed.css`, `${origin}/static/icon.png`].sort());
      await screenshot(page, `feed-view-${name}`);
      await context.close();
    });
  }

  it("shows a category feed with the category in its title", async () => {
    const { page, context, problems } = await open(`/feeds/category/${encodeURIComponent("سوريا")}/atom.xml`);
    await page.waitForFunction((ns) => document.documentElement.namespaceURI === ns, XHTML);
    expect(await page.evaluate(() => document.querySelector("h1")?.textContent)).toBe("أنا برس — سوريا");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("still shows the title, the feed note and the items right-to-left with scripts turned off (the CSS alone)", async () => {
    const { page, context, requests } = await open("/feeds/rss.xml", { javaScriptEnabled: false });
    const raw = await page.evaluate(() => {
      const visible = (el: Element | null | undefined) => (el ? el.getBoundingClientRect().height > 0 : false);
      const channel = document.querySelector("channel")!;
      return {
        root: document.documentElement.localName,
        direction: getComputedStyle(document.documentElement).direction,
        note: getComputedStyle(channel, "::before").content,
        title: visible(channel.querySelector(":scope > title")),
        items: Array.from(document.querySelectorAll("item")).map((item) => visible(item) && visible(item.querySelector("title"))),
        hidden: visible(channel.querySelector(":scope > description")),
      };
    });
    expect(raw).toEqual({
      root: "rss",
      direction: "rtl",
      note: '"هذه خلاصة RSS/Atom — انسخ الرابط إلى قارئ الخلاصات."',
      title: true,
      items: [true, true],
      hidden: false,
    });
    expect(requests.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);
    // A full-page screenshot measures the page with a script, which this context forbids.
    await screenshot(page, "feed-view-rss-no-script", false);
    await context.close();
  });
});
