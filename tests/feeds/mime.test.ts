import { describe, expect, it } from "vitest";
import { imageMimeType } from "../../lib/feeds/mime.ts";

describe("imageMimeType", () => {
  it("uses image/jpeg for .jpg, never image/jpg", () => {
    expect(imageMimeType("http://anapress.net/a.jpg")).toBe("image/jpeg");
  });

  it.each([
    ["http://x/a.jpeg", "image/jpeg"],
    ["http://x/A.JPG", "image/jpeg"],
    ["http://x/a.png", "image/png"],
    ["http://x/a.gif", "image/gif"],
    ["http://x/a.webp", "image/webp"],
    ["http://x/a.avif", "image/avif"],
    ["http://x/a.svg", "image/svg+xml"],
  ])("maps %s to %s", (url, type) => {
    expect(imageMimeType(url)).toBe(type);
  });

  it("ignores the query string and fragment", () => {
    expect(imageMimeType("http://x/a.png?w=800&f=.gif#x.webp")).toBe("image/png");
  });

  it("falls back to image/jpeg when the extension is missing or unknown", () => {
    expect(imageMimeType("http://x/image")).toBe("image/jpeg");
    expect(imageMimeType("http://x/a.php")).toBe("image/jpeg");
    expect(imageMimeType("http://x.png/")).toBe("image/jpeg");
  });

  it("never throws on an invalid url", () => {
    expect(imageMimeType("not a url.png")).toBe("image/png");
    expect(imageMimeType("")).toBe("image/jpeg");
  });
});
