import { describe, expect, it } from "vitest";
import webpush from "web-push";
import { createVapidSigner, generateVapidKeys, parseVapidConfig, vapidConfigFromEnv } from "../../lib/push/vapid.ts";

const keys = await generateVapidKeys();
const subject = "mailto:newsroom@example.com";

function claimsOf(header: string): { aud: string; exp: number; sub: string } {
  const token = /^vapid t=([^,]+), k=(.+)$/.exec(header)?.[1] ?? "";
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
}

describe("parseVapidConfig", () => {
  it("accepts generated keys and an https subject", () => {
    expect(parseVapidConfig({ ...keys, subject: "https://news.example.com/contact" })).toMatchObject({ ok: true });
  });

  it("reads the VAPID_* environment variables", () => {
    const env = { VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.privateKey, VAPID_SUBJECT: subject };
    expect(vapidConfigFromEnv(env)).toEqual({ ok: true, config: { ...keys, subject } });
  });

  it.each([
    ["publicKey", { publicKey: undefined }, /required/],
    ["publicKey", { publicKey: keys.publicKey.slice(0, 40) }, /65 bytes/],
    ["publicKey", { publicKey: keys.publicKey.replace(/^../, "A+") }, /base64url/],
    ["privateKey", { privateKey: "" }, /required/],
    ["privateKey", { privateKey: keys.publicKey }, /32 bytes/],
    ["subject", { subject: "ops@example.com" }, /mailto: or https:/],
    ["subject", { subject: "http://example.com" }, /mailto: or https:/],
    ["subject", { subject: "mailto:ops@localhost" }, /localhost/],
    ["subject", { subject: "https://localhost/contact" }, /localhost/],
    ["subject", { subject: "mailto:nobody" }, /mailto:/],
  ])("names %s when it is wrong (%j)", (field, override, message) => {
    const result = parseVapidConfig({ ...keys, subject, ...override });
    expect(result).toMatchObject({ ok: false, field });
    if (!result.ok) expect(result.message).toMatch(message);
  });
});

describe("generateVapidKeys", () => {
  it("makes keys web-push accepts", () => {
    const headers = webpush.getVapidHeaders("https://fcm.googleapis.com", subject, keys.publicKey, keys.privateKey, "aes128gcm");
    expect(headers.Authorization).toMatch(/^vapid t=/);
  });
});

describe("createVapidSigner", () => {
  const config = { ...keys, subject };

  it("signs once per push-service origin and reuses the header", async () => {
    const t0 = Date.UTC(2025, 0, 1);
    const signer = await createVapidSigner(config, { now: () => t0 });
    const a = await signer.authorizationFor("https://fcm.googleapis.com/fcm/send/one");
    const b = await signer.authorizationFor("https://fcm.googleapis.com/fcm/send/two");
    const c = await signer.authorizationFor("https://updates.push.services.mozilla.com/wpush/v2/x");
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(signer.signedCount).toBe(2);
    expect(claimsOf(a)).toEqual({ aud: "https://fcm.googleapis.com", exp: t0 / 1000 + 12 * 3600, sub: subject });
    expect(a.endsWith(`, k=${keys.publicKey}`)).toBe(true);
  });

  it("refreshes the header when less than an hour of validity remains", async () => {
    let now = Date.UTC(2025, 0, 1);
    const signer = await createVapidSigner(config, { now: () => now });
    const endpoint = "https://web.push.apple.com/abc";
    const first = await signer.authorizationFor(endpoint);
    now += 11 * 3600 * 1000 - 1000;
    expect(await signer.authorizationFor(endpoint)).toBe(first);
    now += 2000;
    const second = await signer.authorizationFor(endpoint);
    expect(second).not.toBe(first);
    expect(claimsOf(second).exp).toBe(Math.floor(now / 1000) + 12 * 3600);
    expect(signer.signedCount).toBe(2);
  });

  it("hands out the signed header synchronously only while it is fresh", async () => {
    let now = Date.UTC(2025, 0, 1);
    const signer = await createVapidSigner(config, { now: () => now });
    const endpoint = "https://web.push.apple.com/abc";
    expect(signer.cachedAuthorization?.(endpoint)).toBeUndefined();
    const first = await signer.authorizationFor(endpoint);
    expect(signer.cachedAuthorization?.("https://web.push.apple.com/other")).toBe(first);
    expect(signer.cachedAuthorization?.("https://fcm.googleapis.com/fcm/send/x")).toBeUndefined();
    now += 11 * 3600 * 1000 + 1000;
    expect(signer.cachedAuthorization?.(endpoint)).toBeUndefined();
    expect(await signer.authorizationFor(endpoint)).not.toBe(first);
    expect(signer.signedCount).toBe(2);
  });

  it("shares one signature between concurrent first sends", async () => {
    const signer = await createVapidSigner(config, { now: () => Date.now() });
    const headers = await Promise.all(Array.from({ length: 20 }, () => signer.authorizationFor("https://fcm.googleapis.com/x")));
    expect(new Set(headers).size).toBe(1);
    expect(signer.signedCount).toBe(1);
  });

  it("refuses a private key that does not belong to the public key", async () => {
    const other = await generateVapidKeys();
    await expect(createVapidSigner({ ...config, privateKey: other.privateKey }, { now: Date.now })).rejects.toThrow(
      /does not belong/,
    );
  });

  it("refuses a JWT lifetime beyond 24 hours", async () => {
    await expect(createVapidSigner(config, { now: Date.now, validitySeconds: 25 * 3600 })).rejects.toThrow(/24 h/);
  });
});
