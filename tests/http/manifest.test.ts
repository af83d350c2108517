import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publicAssets } from "../../functions/node/assets.ts";
import { request, startTestServices, type TestServices } from "../helpers/test-store.ts";

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join("")).toBe("PNG");
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

interface ManifestIcon {
  src: string;
  sizes: string;
  type: string;
  purpose: string;
}

describe("the web app manifest", () => {
  let t: TestServices;
  beforeAll(async () => {
    t = await startTestServices({ loadAsset: publicAssets(new URL("../../public/", import.meta.url)) });
  });
  afterAll(async () => t.close());

  it("is served as application/manifest+json with the Arabic name, rtl, standalone display, start url and scope", async () => {
    const res = await request(t, "/manifest.webmanifest");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/manifest+json; charset=utf-8");
    expect(res.headers.get("cache-control")).toContain("public");
    const manifest = await res.json();
    expect(manifest).toMatchObject({
      id: "/",
      name: "أنا برس",
      short_name: "أنا برس",
      lang: "ar",
      dir: "rtl",
      display: "standalone",
      start_url: "/",
      scope: "/",
      theme_color: expect.stringMatching(/^#[0-9a-f]{6}$/),
      background_color: expect.stringMatching(/^#[0-9a-f]{6}$/),
    });
  });

  it("lists 192 and 512 pixel icons for any use and as maskable, each a real PNG of its stated size", async () => {
    const { icons } = (await (await request(t, "/manifest.webmanifest")).json()) as { icons: ManifestIcon[] };
    const wanted = ["192x192 any", "512x512 any", "192x192 maskable", "512x512 maskable"];
    expect(icons.map((i) => `${i.sizes} ${i.purpose}`).sort()).toEqual(wanted.sort());
    for (const icon of icons) {
      const res = await request(t, icon.src);
      expect(res.status, icon.src).toBe(200);
      expect(res.headers.get("content-type")).toBe(icon.type);
      const { width, height } = pngSize(new Uint8Array(await res.arrayBuffer()));
      expect(`${width}x${height}`).toBe(icon.sizes);
    }
  });

  it("serves the 180 pixel Apple touch icon that every page links", async () => {
    const page = await (await request(t, "/")).text();
    const href = /<link rel="apple-touch-icon" href="([^"]+)">/.exec(page)?.[1];
    expect(href).toBe("/static/apple-touch-icon.png");
    expect(page).toContain('<link rel="manifest" href="/manifest.webmanifest">');
    const res = await request(t, href!);
    expect(pngSize(new Uint8Array(await res.arrayBuffer()))).toEqual({ width: 180, height: 180 });
  });

  it("serves the SVG icon pages name for browser tabs", async () => {
    const page = await (await request(t, "/")).text();
    expect(page).toContain('<link rel="icon" href="/static/icon.svg" type="image/svg+xml">');
    const res = await request(t, "/static/icon.svg");
    expect(res.headers.get("content-type")).toBe("image/svg+xml");
    expect(await res.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it("keeps a short name under the icon for a long site title", async () => {
    const long = await startTestServices({ config: { SITE_TITLE: "شبكة الأخبار العربية المستقلة" } });
    try {
      const manifest = await (await request(long, "/manifest.webmanifest")).json();
      expect(manifest.name).toBe("شبكة الأخبار العربية المستقلة");
      expect(manifest.short_name).toBe("شبكة");
    } finally {
      await long.close();
    }
  });
});
