/** Click tags: stable per subscription and article, checkable without knowing whose, the same under either HMAC. */
import { describe, expect, it } from "vitest";
import { CLICK_TAG_LENGTH, createClickTags } from "../../lib/push/click-tags.ts";
import { nodeHmacSha256 } from "../../functions/node/hmac.ts";

const webCrypto = await createClickTags({ secret: "a-deployment-secret" });
const node = await createClickTags({ secret: "a-deployment-secret", hmac: nodeHmacSha256 });

describe("click tags", () => {
  it("are 20 url-safe characters, the same for every resend of one alert", async () => {
    const tag = await node.tagFor("article-1", "sub-A");
    expect(tag).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(tag).toHaveLength(CLICK_TAG_LENGTH);
    expect(await node.tagFor("article-1", "sub-A")).toBe(tag);
  });

  it("differ between subscribers and between articles, so clicks cannot be linked across articles", async () => {
    const tags = new Set<string>();
    for (const article of ["article-1", "article-2"]) for (const sub of ["sub-A", "sub-B", "sub-C"]) tags.add(await node.tagFor(article, sub));
    expect(tags.size).toBe(6);
  });

  it("agree between node:crypto's HMAC (push worker) and WebCrypto's (any other runtime)", async () => {
    const tag = await node.tagFor("article-1", "sub-A");
    expect(await webCrypto.tagFor("article-1", "sub-A")).toBe(tag);
    expect(await webCrypto.check("article-1", tag)).toBe(true);
    expect(await node.check("article-1", await webCrypto.tagFor("article-1", "sub-B"))).toBe(true);
  });

  it("check only for the article they were made for, under the same secret", async () => {
    const tag = await node.tagFor("article-1", "sub-A");
    expect(await node.check("article-1", tag)).toBe(true);
    expect(await node.check("article-2", tag)).toBe(false);
    const other = await createClickTags({ secret: "another-deployment", hmac: nodeHmacSha256 });
    expect(await other.check("article-1", tag)).toBe(false);
  });

  it("refuse every one-character change, and anything not 20 base64url characters", async () => {
    const tag = await node.tagFor("article-1", "sub-A");
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (let i = 0; i < tag.length; i++) {
      const swapped = alphabet[(alphabet.indexOf(tag[i]!) + 1) % 64]!;
      const changed = tag.slice(0, i) + swapped + tag.slice(i + 1);
      // The last character carries 6 bits of which base64url decoding keeps all (15 bytes = 20 × 6 bits exactly).
      expect(await node.check("article-1", changed), changed).toBe(false);
    }
    for (const bad of ["", "short", `${tag}x`, tag.slice(1), `${tag.slice(0, 19)}=`, `${tag.slice(0, 19)}+`]) {
      expect(await node.check("article-1", bad), bad).toBe(false);
    }
  });
});
