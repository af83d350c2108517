import { describe, expect, it } from "vitest";
import { parseAllowedHosts } from "../../lib/push/allowed-hosts.ts";
import { validateSubscription } from "../../lib/push/subscription.ts";
import { createSubscriberKeys } from "../helpers/push-client.ts";

const good = createSubscriberKeys();
const p256 = Buffer.from(good.p256dh, "base64url");
const offCurve = Buffer.from(p256);
offCurve[64] = (offCurve[64] ?? 0) ^ 0x01;
const b64 = (bytes: Buffer | Uint8Array) => Buffer.from(bytes).toString("base64url");

function sub(overrides: Record<string, unknown> = {}, keys: Record<string, unknown> = {}) {
  return {
    endpoint: "https://fcm.googleapis.com/fcm/send/dGVzdA:APA91bHx",
    expirationTime: null,
    keys: { p256dh: good.p256dh, auth: good.auth, ...keys },
    ...overrides,
  };
}

type Case = [name: string, input: unknown, path: string | null, message?: RegExp];

const cases: Case[] = [
  ["accepts an FCM endpoint", sub(), null],
  ["accepts a Mozilla endpoint", sub({ endpoint: "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABk0" }), null],
  ["accepts an Apple endpoint", sub({ endpoint: "https://web.push.apple.com/QGuQyavXutnMH4Xw" }), null],
  ["accepts a WNS endpoint", sub({ endpoint: "https://wns2-par02p.notify.windows.com/w/?token=BQYAAAB%2bX" }), null],
  ["accepts a legacy GCM endpoint", sub({ endpoint: "https://android.googleapis.com/gcm/send/abc" }), null],
  ["accepts an Apple subdomain", sub({ endpoint: "https://api.push.apple.com/3/device/abc" }), null],
  [
    "accepts topics, time zone and quiet hours",
    sub({ topics: ["سياسة", "sport"], timeZone: "Asia/Riyadh", quietHours: { start: "23:00", end: "07:00" } }),
    null,
  ],
  ["refuses http:", sub({ endpoint: "http://fcm.googleapis.com/fcm/send/x" }), "endpoint", /https:/],
  ["refuses a port", sub({ endpoint: "https://fcm.googleapis.com:8443/fcm/send/x" }), "endpoint", /port/],
  ["refuses an explicit :443", sub({ endpoint: "https://fcm.googleapis.com:443/fcm/send/x" }), "endpoint", /port/],
  ["refuses user-info", sub({ endpoint: "https://user:pw@fcm.googleapis.com/fcm/send/x" }), "endpoint", /user-info/],
  ["refuses an allowed host used as user-info", sub({ endpoint: "https://fcm.googleapis.com@evil.com/x" }), "endpoint", /user-info/],
  ["refuses 127.0.0.1", sub({ endpoint: "https://127.0.0.1/push/x" }), "endpoint", /IP-literal/],
  ["refuses [::1]", sub({ endpoint: "https://[::1]/push/x" }), "endpoint", /IP-literal/],
  ["refuses the metadata address", sub({ endpoint: "https://169.254.169.254/latest" }), "endpoint", /IP-literal/],
  ["refuses a private address", sub({ endpoint: "https://10.0.0.1/x" }), "endpoint", /IP-literal/],
  ["refuses a decimal IP", sub({ endpoint: "https://2130706433/x" }), "endpoint", /canonical/],
  ["refuses a decimal IP over http", sub({ endpoint: "http://2130706433/x" }), "endpoint", /https:/],
  ["refuses a hex IP", sub({ endpoint: "https://0x7f000001/x" }), "endpoint", /canonical/],
  ["refuses localhost", sub({ endpoint: "https://localhost/x" }), "endpoint", /localhost/],
  ["refuses a suffix look-alike", sub({ endpoint: "https://fcm.googleapis.com.evil.com/x" }), "endpoint", /not an allowed/],
  ["refuses a prefix look-alike", sub({ endpoint: "https://evilfcm.googleapis.com/x" }), "endpoint", /not an allowed/],
  ["refuses the bare wildcard domain", sub({ endpoint: "https://notify.windows.com/w" }), "endpoint", /not an allowed/],
  ["refuses a wildcard look-alike", sub({ endpoint: "https://evilnotify.windows.com/w" }), "endpoint", /not an allowed/],
  ["refuses a wildcard suffix look-alike", sub({ endpoint: "https://x.notify.windows.com.evil.com/w" }), "endpoint", /not an allowed/],
  ["refuses a trailing-dot host", sub({ endpoint: "https://fcm.googleapis.com./x" }), "endpoint", /not an allowed/],
  ["refuses a non-URL", sub({ endpoint: "not a url" }), "endpoint"],
  ["refuses a backslash trick", sub({ endpoint: "https://evil.com\\@fcm.googleapis.com/x" }), "endpoint", /backslash/],
  ["refuses an off-curve p256dh", sub({}, { p256dh: b64(offCurve) }), "keys.p256dh", /curve/],
  ["refuses a 64-byte p256dh", sub({}, { p256dh: b64(p256.subarray(0, 64)) }), "keys.p256dh", /65 bytes/],
  ["refuses a p256dh without the 0x04 prefix", sub({}, { p256dh: b64(Buffer.concat([Buffer.from([2]), p256.subarray(1)])) }), "keys.p256dh", /0x04/],
  ["refuses a standard-base64 p256dh", sub({}, { p256dh: p256.toString("base64") + "+/" }), "keys.p256dh", /base64url/],
  ["refuses a 15-byte auth", sub({}, { auth: b64(Buffer.alloc(15, 1)) }), "keys.auth", /16 bytes/],
  ["refuses a 17-byte auth", sub({}, { auth: b64(Buffer.alloc(17, 1)) }), "keys.auth", /16 bytes/],
  ["refuses auth with non-base64url characters", sub({}, { auth: "abc!def$ghi*jklmnopq" }), "keys.auth", /base64url/],
  ["refuses missing keys", { endpoint: "https://fcm.googleapis.com/fcm/send/x" }, "keys"],
  ["refuses a string expirationTime", sub({ expirationTime: "soon" }), "expirationTime"],
  ["refuses 51 topics", sub({ topics: Array.from({ length: 51 }, (_, i) => `t${i}`) }), "topics"],
  ["refuses an empty topic", sub({ topics: ["ok", ""] }), "topics.1"],
  ["refuses an unknown time zone", sub({ timeZone: "Mars/Olympus_Mons" }), "timeZone", /IANA/],
  ["refuses 24:00 as a quiet-hours start", sub({ quietHours: { start: "24:00", end: "07:00" } }), "quietHours.start"],
  ["refuses quiet hours without an end", sub({ quietHours: { start: "23:00" } }), "quietHours.end"],
];

describe("validateSubscription", () => {
  it.each(cases)("%s", async (_name, input, path, message) => {
    const result = await validateSubscription(input);
    if (path === null) {
      expect(result).toMatchObject({ ok: true });
      return;
    }
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const issue = result.issues.find((i) => i.path === path);
    expect(issue, `issues: ${result.message}`).toBeDefined();
    if (message) expect(issue?.message).toMatch(message);
    expect(result.message).toContain(`${path}:`);
  });

  it("fills a missing expirationTime with null and drops unknown fields", async () => {
    const { expirationTime: _drop, ...rest } = sub();
    const result = await validateSubscription({ ...rest, extra: 1 });
    expect(result).toEqual({ ok: true, subscription: { ...rest, expirationTime: null } });
  });
});

describe("PUSH_ALLOWED_HOSTS", () => {
  const parsed = parseAllowedHosts("127.0.0.1:8443, [::1]:9443");
  if (!parsed.ok) throw new Error(parsed.message);
  const hosts = parsed.hosts;
  const endpoint = (endpoint: string) => validateSubscription(sub({ endpoint }), hosts);

  it("accepts an IP and port listed exactly", async () => {
    expect((await endpoint("https://127.0.0.1:8443/push/x")).ok).toBe(true);
    expect((await endpoint("https://[::1]:9443/push/x")).ok).toBe(true);
  });

  it("replaces the default list instead of extending it", async () => {
    expect((await endpoint("https://fcm.googleapis.com/fcm/send/x")).ok).toBe(false);
  });

  it("refuses the listed IP on another port or none", async () => {
    expect(await endpoint("https://127.0.0.1:9999/push/x")).toMatchObject({ ok: false, message: /endpoint: port/ });
    expect(await endpoint("https://127.0.0.1/push/x")).toMatchObject({ ok: false, message: /endpoint: IP-literal/ });
  });

  it("refuses another spelling of the listed IP", async () => {
    expect(await endpoint("https://2130706433:8443/push/x")).toMatchObject({ ok: false, message: /canonical/ });
  });

  it("falls back to the defaults when unset or blank", () => {
    expect(parseAllowedHosts(undefined)).toMatchObject({ ok: true });
    expect(parseAllowedHosts("  ")).toEqual(parseAllowedHosts(undefined));
  });

  it.each(["http://x.com", "x.com/path", "*", "*.", "user@x.com", "*.example.com:443"])("refuses the entry %s", (entry) => {
    expect(parseAllowedHosts(entry)).toMatchObject({ ok: false, message: /PUSH_ALLOWED_HOSTS/ });
  });
});

describe("the p256dh curve check (WebCrypto's import, no arithmetic of ours)", () => {
  const withKey = (point: Uint8Array) => validateSubscription(sub({}, { p256dh: b64(point) }));

  it("accepts real subscriber keys and refuses each of them with one bit flipped", async () => {
    for (let i = 0; i < 50; i++) {
      const point = Buffer.from(createSubscriberKeys().p256dh, "base64url");
      const tampered = Buffer.from(point);
      tampered[40] = (tampered[40] ?? 0) ^ (1 << (i % 8));
      expect((await withKey(point)).ok).toBe(true);
      expect(await withKey(tampered)).toMatchObject({ ok: false, message: /keys\.p256dh: is not a point on the P-256 curve/ });
    }
  });

  it("refuses coordinates at or above the field prime", async () => {
    const bad = Buffer.alloc(65, 0xff);
    bad[0] = 4;
    expect(await withKey(bad)).toMatchObject({ ok: false, message: /curve/ });
  });
});
