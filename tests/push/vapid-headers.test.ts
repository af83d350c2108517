/** The VAPID header cache: web-push signs, once per push-service origin and validity window. */
import { afterEach, describe, expect, it, vi } from "vitest";
import webpush from "web-push";
import { createVapidHeaders } from "../../lib/push/vapid-headers.ts";

const keys = webpush.generateVAPIDKeys();
const subject = "mailto:newsroom@example.com";
const config = { ...keys, subject };

function claimsOf(header: string): { aud: string; exp: number; sub: string } {
  const token = /^vapid t=([^,]+), k=(.+)$/.exec(header)?.[1] ?? "";
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
}

afterEach(() => vi.restoreAllMocks());

describe("createVapidHeaders", () => {
  it("signs once per push-service origin and reuses the header", async () => {
    const t0 = Date.UTC(2025, 0, 1);
    const headers = await createVapidHeaders(config, { now: () => t0 });
    const signing = vi.spyOn(webpush, "getVapidHeaders");
    const a = headers.authorizationFor("https://fcm.googleapis.com/fcm/send/one");
    const b = headers.authorizationFor("https://fcm.googleapis.com/fcm/send/two");
    const c = headers.authorizationFor("https://updates.push.services.mozilla.com/wpush/v2/x");
    for (let i = 0; i < 50; i++) expect(headers.authorizationFor(`https://fcm.googleapis.com/fcm/send/${i}`)).toBe(a);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(headers.signedCount).toBe(2);
    expect(signing).toHaveBeenCalledTimes(2);
    expect(signing.mock.calls.map((call) => call[0])).toEqual(["https://fcm.googleapis.com", "https://updates.push.services.mozilla.com"]);
    expect(claimsOf(a)).toEqual({ aud: "https://fcm.googleapis.com", exp: t0 / 1000 + 12 * 3600, sub: subject });
    expect(a.endsWith(`, k=${keys.publicKey}`)).toBe(true);
  });

  it("signs again when less than an hour of validity remains, and only then", async () => {
    let now = Date.UTC(2025, 0, 1);
    const headers = await createVapidHeaders(config, { now: () => now });
    const endpoint = "https://web.push.apple.com/abc";
    const first = headers.authorizationFor(endpoint);
    now += 11 * 3600 * 1000 - 1000;
    expect(headers.authorizationFor(endpoint)).toBe(first);
    now += 2000;
    const second = headers.authorizationFor(endpoint);
    expect(second).not.toBe(first);
    expect(claimsOf(second).exp).toBe(Math.floor(now / 1000) + 12 * 3600);
    expect(headers.authorizationFor("https://web.push.apple.com/other")).toBe(second);
    expect(headers.signedCount).toBe(2);
  });

  it("makes a JWT that verifies against the public key (ES256, raw r‖s)", async () => {
    const headers = await createVapidHeaders(config, { now: Date.now });
    const [, token = "", k = ""] = /^vapid t=([^,]+), k=(.+)$/.exec(headers.authorizationFor("https://fcm.googleapis.com/x")) ?? [];
    const [h = "", p = "", sig = ""] = token.split(".");
    const key = await crypto.subtle.importKey("raw", Buffer.from(k, "base64url"), { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
    const ok = await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, Buffer.from(sig, "base64url"), Buffer.from(`${h}.${p}`));
    expect(ok).toBe(true);
    expect(JSON.parse(Buffer.from(h, "base64url").toString())).toEqual({ typ: "JWT", alg: "ES256" });
  });

  it("refuses a private key that does not belong to the public key", async () => {
    const other = webpush.generateVAPIDKeys();
    await expect(createVapidHeaders({ ...config, privateKey: other.privateKey }, { now: Date.now })).rejects.toThrow(/does not belong/);
  });

  it("refuses a public key that is not on the curve", async () => {
    const point = Buffer.from(keys.publicKey, "base64url");
    point[64] = (point[64] ?? 0) ^ 1;
    await expect(createVapidHeaders({ ...config, publicKey: point.toString("base64url") }, { now: Date.now })).rejects.toThrow(/curve/);
  });

  it("refuses a JWT lifetime beyond 24 hours", async () => {
    await expect(createVapidHeaders(config, { now: Date.now, validitySeconds: 25 * 3600 })).rejects.toThrow(/24 h/);
  });
});
