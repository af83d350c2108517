/** Opening a feed in a real browser: Chromium applies public/feed.xsl and shows a right-to-left Arabic page. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publicAssets } from "../../functions/node/assets.ts";
import { request, startTestServices, type TestServices } from "../helpers/test-store.ts";
import { requireChromium, skipWithoutChromium } from "../helpers/chromium.ts";

describe.skipIf(skipWithoutChromium)("feeds in a browser", () => {
  let t: TestServices;
  let server: ServerType;
  let browser: Browser;
  let origin: string;
  let profile: string;

  beforeAll(async () => {
    const executablePath = requireChromium();
    // The port is needed for PUBLIC_BASE_URL before the app exists, so listen first on a placeholder, then rebuild.
    const probe = serve({ fetch: () => new Response(null), port: 0, hostname: "127.0.0.1" });
    await new Promise((resolve) => probe.once("listening", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    origin = `http://127.0.0.1:${port}`;
    t = await startTestServices({ config: { PUBLIC_BASE_URL: origin }, loadAsset: publicAssets(new URL("../../public/", import.meta.url)) });
    await request(t, "/api/articles", {
      method: "POST",
      admin: true,
      json: { title: "اتفاقية شاملة للتعاون العسكري بين دمشق وطهران", url: "http://anapress.net/a/194391885768658", category: "سوريا", publishedAt: "2020-07-08T15:57:00Z" },
    });
    server = serve({ fetch: t.app.fetch, port, hostname: "127.0.0.1" });
    await new Promise((resolve) => server.once("listening", resolve));
    profile = await mkdtemp(join(tmpdir(), "feeds-e2e-"));
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

  for (const file of ["rss.xml", "atom.xml"]) {
    it(`renders /feeds/${file} as a readable right-to-left Arabic page through the XSL stylesheet`, async () => {
      const page = await browser.newPage();
      await page.goto(`${origin}/feeds/${file}`);
      const dir = await page.evaluate(() => document.documentElement.getAttribute("dir"));
      expect(dir).toBe("rtl");
      const text = await page.evaluate(() => document.body.innerText);
      expect(text).toContain("اتفاقية شاملة للتعاون العسكري بين دمشق وطهران");
      expect(text).toContain("انسخ الرابط إلى قارئ الخلاصات");
      await page.close();
    });
  }
});
