import webpush from "web-push";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSubscriberKeys, subscriptionJson } from "../helpers/push-client.ts";
import { request, startTestServices, type TestServices } from "../helpers/test-store.ts";
import { expectNothingLeaked, expectRefusal, hostileCases, Recorder, send, tableSnapshot, type HostileCase } from "./harness.ts";

const vapid = webpush.generateVAPIDKeys();
const keys = createSubscriberKeys();
const FCM = "https://fcm.googleapis.com/fcm/send/hostile-1";
const valid = subscriptionJson(FCM, keys);
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const point = Buffer.from(keys.p256dh, "base64url");

/** The real key with the last byte of y changed: 65 bytes, 0x04 prefix, but not on the curve. */
const offCurve = (() => {
  const bytes = Buffer.from(point);
  bytes[64] = bytes[64]! ^ 0x01;
  return b64(bytes);
})();

const subscribe = (json: unknown, extra: Partial<HostileCase> = {}) => ({ method: "POST", path: "/api/push/subscriptions", json, ...extra });
const withEndpoint = (endpoint: unknown) => subscribe({ ...valid, endpoint });
const withKeys = (k: Record<string, unknown>) => subscribe({ ...valid, keys: { ...valid.keys, ...k } });

const ssrf: Array<[string, string]> = [
  ["the loopback address 127.0.0.1", "https://127.0.0.1/push"],
  ["the IPv6 loopback [::1]", "https://[::1]/push"],
  ["the cloud metadata address 169.254.169.254", "https://169.254.169.254/latest/meta-data/"],
  ["a private 10.x address", "https://10.0.0.1/push"],
  ["a private 192.168.x address", "https://192.168.1.1/push"],
  ["an IPv4-mapped IPv6 loopback", "https://[::ffff:127.0.0.1]/push"],
  ["a decimal IP spelling", "https://2130706433/push"],
  ["a hex IP spelling", "https://0x7f000001/push"],
  ["an octal IP spelling", "https://0177.0.0.1/push"],
  ["a short IP spelling", "https://127.1/push"],
  ["localhost", "https://localhost/push"],
  ["a *.localhost name", "https://fcm.localhost/push"],
  ["plain http: on an allowed host", "http://fcm.googleapis.com/fcm/send/x"],
  ["an allowed host with a port", "https://fcm.googleapis.com:8443/fcm/send/x"],
  ["an allowed host with an explicit :443", "https://fcm.googleapis.com:443/fcm/send/x"],
  ["user-info before an allowed host", "https://user:pass@fcm.googleapis.com/fcm/send/x"],
  ["an allowed host as user-info before another host", "https://fcm.googleapis.com@evil.example/x"],
  ["an allowed host as a prefix of another domain", "https://fcm.googleapis.com.evil.example/x"],
  ["a look-alike host", "https://fcm-googleapis.com/fcm/send/x"],
  ["a Cyrillic look-alike host", "https://fcm.googleapis.c\u043em/fcm/send/x"],
  ["a trailing-dot host", "https://fcm.googleapis.com./fcm/send/x"],
  ["the bare domain of a wildcard entry", "https://notify.windows.com/x"],
  ["a suffix match without a dot on a wildcard entry", "https://evilnotify.windows.com/x"],
  ["a backslash authority trick", "https://fcm.googleapis.com\\@evil.example/x"],
  ["a header injected after a newline", "https://fcm.googleapis.com/x\r\nHost: evil.example"],
  ["a javascript: URL", "javascript:alert(1)"],
  ["a data: URL", "data:text/plain,hello"],
  ["a relative URL", "/fcm/send/x"],
  ["a scheme-less host", "fcm.googleapis.com/fcm/send/x"],
  ["a ws: URL", "wss://fcm.googleapis.com/x"],
  ["a file: URL", "file:///etc/passwd"],
  ["an unlisted host", "https://evil.example/push"],
];

const endpointCases: HostileCase[] = [
  ...ssrf.map(([what, endpoint]): HostileCase => ({ name: `refuses an endpoint on ${what} with 400 naming /endpoint`, ...withEndpoint(endpoint), status: 400, pointer: "/endpoint" })),
  { name: "refuses a 2,049-character endpoint with 400 naming /endpoint", ...withEndpoint(`${FCM}/${"a".repeat(2049)}`), status: 400, pointer: "/endpoint" },
  { name: "refuses a numeric endpoint with 400 naming /endpoint", ...withEndpoint(2130706433), status: 400, pointer: "/endpoint" },
  { name: "refuses a missing endpoint with 400 naming /endpoint", ...subscribe({ keys: valid.keys }), status: 400, pointer: "/endpoint" },
];

const keyCases: HostileCase[] = [
  { name: "refuses a p256dh point off the curve with 400 naming /keys/p256dh", ...withKeys({ p256dh: offCurve }), status: 400, pointer: "/keys/p256dh" },
  { name: "refuses a short p256dh with 400 naming /keys/p256dh", ...withKeys({ p256dh: "AAAA" }), status: 400, pointer: "/keys/p256dh" },
  { name: "refuses a compressed p256dh point with 400 naming /keys/p256dh", ...withKeys({ p256dh: b64(Buffer.concat([Buffer.from([0x02]), point.subarray(1, 33)])) }), status: 400, pointer: "/keys/p256dh" },
  { name: "refuses a p256dh with a 0x05 prefix with 400 naming /keys/p256dh", ...withKeys({ p256dh: b64(Buffer.concat([Buffer.from([0x05]), point.subarray(1)])) }), status: 400, pointer: "/keys/p256dh" },
  { name: "refuses the all-zero point with 400 naming /keys/p256dh", ...withKeys({ p256dh: b64(Buffer.concat([Buffer.from([0x04]), Buffer.alloc(64)])) }), status: 400, pointer: "/keys/p256dh" },
  { name: "refuses coordinates past the field prime with 400 naming /keys/p256dh", ...withKeys({ p256dh: b64(Buffer.concat([Buffer.from([0x04]), Buffer.alloc(64, 0xff)])) }), status: 400, pointer: "/keys/p256dh" },
  { name: "refuses a p256dh that is not base64url with 400 naming /keys/p256dh", ...withKeys({ p256dh: "<script>alert(1)</script>" }), status: 400, pointer: "/keys/p256dh" },
  { name: "refuses a numeric p256dh with 400 naming /keys/p256dh", ...withKeys({ p256dh: 4 }), status: 400, pointer: "/keys/p256dh" },
  { name: "refuses a 15-byte auth with 400 naming /keys/auth", ...withKeys({ auth: b64(Buffer.alloc(15, 1)) }), status: 400, pointer: "/keys/auth" },
  { name: "refuses a 17-byte auth with 400 naming /keys/auth", ...withKeys({ auth: b64(Buffer.alloc(17, 1)) }), status: 400, pointer: "/keys/auth" },
  { name: "refuses an auth with padding in the wrong place with 400 naming /keys/auth", ...withKeys({ auth: "AAAA=AAAAAAAAAAAAAAAAA" }), status: 400, pointer: "/keys/auth" },
  { name: "refuses missing keys with 400 naming /keys", ...subscribe({ endpoint: FCM }), status: 400, pointer: "/keys" },
  { name: "refuses keys given as an array with 400 naming /keys", ...subscribe({ endpoint: FCM, keys: [keys.p256dh, keys.auth] }), status: 400, pointer: "/keys" },
];

const preferenceCases: HostileCase[] = [
  { name: "refuses topics given as a string with 400 naming /topics", ...subscribe({ ...valid, topics: "سياسة" }), status: 400, pointer: "/topics" },
  { name: "refuses a topic with a control character with 400 naming /topics/0", ...subscribe({ ...valid, topics: ["a\u0000b"] }), status: 400, pointer: "/topics/0" },
  { name: "refuses 51 topics with 400 naming /topics", ...subscribe({ ...valid, topics: Array.from({ length: 51 }, (_, i) => `t${i}`) }), status: 400, pointer: "/topics" },
  { name: "refuses a 65-character topic with 400 naming /topics/0", ...subscribe({ ...valid, topics: ["t".repeat(65)] }), status: 400, pointer: "/topics/0" },
  { name: "refuses an unknown time zone with 400 naming /timeZone", ...subscribe({ ...valid, timeZone: "Mars/Olympus_Mons" }), status: 400, pointer: "/timeZone" },
  { name: "refuses a path-looking time zone with 400 naming /timeZone", ...subscribe({ ...valid, timeZone: "../../etc/passwd" }), status: 400, pointer: "/timeZone" },
  { name: "refuses quiet hours at 25:00 with 400 naming /quietHours/start", ...subscribe({ ...valid, quietHours: { start: "25:00", end: "07:00" } }), status: 400, pointer: "/quietHours/start" },
  { name: "refuses quiet hours without a leading zero with 400 naming /quietHours/end", ...subscribe({ ...valid, quietHours: { start: "23:00", end: "7:00" } }), status: 400, pointer: "/quietHours/end" },
  { name: "refuses a textual expirationTime with 400 naming /expirationTime", ...subscribe({ ...valid, expirationTime: "tomorrow" }), status: 400, pointer: "/expirationTime" },
  { name: "refuses a __proto__ key with an invalid endpoint with 400 naming /endpoint", ...subscribe(undefined, { body: `{"__proto__":{"admin":true},"endpoint":"https://127.0.0.1/","keys":${JSON.stringify(valid.keys)}}` }), status: 400, pointer: "/endpoint" },
];

const bodyCases: HostileCase[] = [
  { name: "refuses a subscription body of null with 400 naming the root", ...subscribe(null), status: 400, pointer: "" },
  { name: "refuses a subscription body that is an array with 400 naming the root", ...subscribe([valid]), status: 400, pointer: "" },
  { name: "refuses truncated subscription JSON with 400", ...subscribe(undefined, { body: '{"endpoint":' }), status: 400 },
  { name: "refuses a subscription sent as text/plain with 415", ...subscribe(undefined, { body: JSON.stringify(valid), headers: { "content-type": "text/plain" } }), status: 415 },
  { name: "refuses a subscription body over 16 KiB with 413", ...subscribe({ ...valid, topics: Array.from({ length: 50 }, () => "ت".repeat(200)) }), status: 413 },
  { name: "refuses 5,000-deep nesting in keys with 400 naming /keys", ...subscribe(undefined, { body: `{"endpoint":"${FCM}","keys":${"[".repeat(5000)}${"]".repeat(5000)}}` }), status: 400, pointer: "/keys" },
  { name: "refuses an unsubscribe body of null with 400 naming /endpoint", method: "DELETE", path: "/api/push/subscriptions", json: null, status: 400, pointer: "/endpoint" },
  { name: "refuses an unsubscribe with a numeric endpoint with 400 naming /endpoint", method: "DELETE", path: "/api/push/subscriptions", json: { endpoint: 1 }, status: 400, pointer: "/endpoint" },
  { name: "refuses an unsubscribe with a 2,049-character endpoint with 400 naming /endpoint", method: "DELETE", path: "/api/push/subscriptions", json: { endpoint: "h".repeat(2049) }, status: 400, pointer: "/endpoint" },
  { name: "refuses an unsubscribe sent as a form with 415", method: "DELETE", path: "/api/push/subscriptions", body: "endpoint=x", headers: { "content-type": "application/x-www-form-urlencoded" }, status: 415 },
  { name: "refuses malformed unsubscribe JSON with 400", method: "DELETE", path: "/api/push/subscriptions", body: "{endpoint}", status: 400 },
  { name: "answers 404 to a PUT of a subscription", method: "PUT", path: "/api/push/subscriptions", json: valid, status: 404 },
  { name: "answers 404 to a POST to the VAPID key", method: "POST", path: "/api/push/vapid-public-key", json: {}, status: 404 },
];

describe("hostile requests to the push subscription API", () => {
  let t: TestServices;
  let before: string;
  const recorder = new Recorder();
  beforeAll(async () => {
    t = await startTestServices({
      config: { SUBSCRIBE_RATE_PER_MINUTE: "10000", VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey },
    });
    const other = subscriptionJson("https://updates.push.services.mozilla.com/wpush/v2/existing", createSubscriberKeys());
    expect((await request(t, "/api/push/subscriptions", { method: "POST", json: { ...other, topics: ["سوريا"] } })).status).toBe(201);
    before = await tableSnapshot(t);
  });
  afterAll(async () => t?.close());
  const services = () => t;

  describe("endpoints (SSRF)", () => hostileCases(services, recorder, endpointCases));
  describe("keys", () => hostileCases(services, recorder, keyCases));
  describe("preferences", () => hostileCases(services, recorder, preferenceCases));
  describe("bodies and methods", () => hostileCases(services, recorder, bodyCases));

  it("still accepts the real subscription the cases were built from (the refusals are not a broken validator)", async () => {
    const { validateSubscription } = await import("../../lib/push/subscription.ts");
    expect((await validateSubscription(valid, t.config.push.allowedHosts)).ok).toBe(true);
  });

  it("never answered 5xx, leaked a token or a stack trace, and left the table byte-identical", async () => {
    expect(recorder.count).toBeGreaterThanOrEqual(endpointCases.length + keyCases.length + preferenceCases.length + bodyCases.length);
    expectNothingLeaked(t, recorder);
    expect(await tableSnapshot(t)).toBe(before);
  });
});

describe("the subscription rate limit", () => {
  let t: TestServices;
  let before: string;
  const recorder = new Recorder();
  beforeAll(async () => {
    t = await startTestServices({ config: { SUBSCRIBE_RATE_PER_MINUTE: "3", TRUST_PROXY: "1" } });
    before = await tableSnapshot(t);
  });
  afterAll(async () => t?.close());

  const from = (address: string, spoofed = "") => ({ "x-forwarded-for": `${spoofed}${address}` });

  it("answers 429 with Retry-After once an address spends its budget, even on requests that would be refused anyway", async () => {
    for (let i = 0; i < 3; i++) {
      const c: HostileCase = { name: `bad subscribe ${i}`, ...withEndpoint("https://127.0.0.1/"), headers: from("203.0.113.5"), status: 400, pointer: "/endpoint" };
      const { res, text } = await send(t, recorder, c);
      expectRefusal(c, res, text);
    }
    const limited: HostileCase = { name: "over the limit", ...subscribe(valid), headers: from("203.0.113.5"), status: 429 };
    const { res, text } = await send(t, recorder, limited);
    expectRefusal(limited, res, text);
    expect(res.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
  });

  it("does not let a client escape the limit by prepending X-Forwarded-For entries", async () => {
    for (const spoof of ["198.51.100.1, ", "10.0.0.1, 10.0.0.2, ", "unknown, "]) {
      const c: HostileCase = { name: `spoofed ${spoof}`, ...subscribe(valid), headers: from("203.0.113.5", spoof), status: 429 };
      const { res, text } = await send(t, recorder, c);
      expectRefusal(c, res, text);
    }
  });

  it("limits unsubscribes from the same address too", async () => {
    const c: HostileCase = { name: "unsubscribe over the limit", method: "DELETE", path: "/api/push/subscriptions", json: { endpoint: FCM }, headers: from("203.0.113.5"), status: 429 };
    const { res, text } = await send(t, recorder, c);
    expectRefusal(c, res, text);
  });

  it("stored nothing while limiting, and leaked nothing", async () => {
    expectNothingLeaked(t, recorder);
    expect(await tableSnapshot(t)).toBe(before);
  });
});
