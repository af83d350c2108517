import { describe, expect, it } from "vitest";
import webpush from "web-push";
import { parseVapidConfig, vapidConfigFromEnv } from "../../lib/push/vapid.ts";

const keys = webpush.generateVAPIDKeys();
const subject = "mailto:newsroom@example.com";

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
