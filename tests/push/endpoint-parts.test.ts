/** endpointParts must agree with the URL parser on origin and request target for every endpoint it is given. */
import { describe, expect, it } from "vitest";
import { endpointParts } from "../../lib/push/endpoint-parts.ts";

const viaUrl = (endpoint: string) => {
  const url = new URL(endpoint);
  return { origin: url.origin, path: url.pathname + url.search };
};

describe("endpointParts", () => {
  it.each([
    "https://fcm.googleapis.com/fcm/send/dX1-abc:APA91bH_x-y",
    "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABk?x=1",
    "https://web.push.apple.com/QGt3RjE2NjQ",
    "https://127.0.0.1:8443/push/abc",
    "https://[::1]:8443/push/abc",
    "https://FCM.googleapis.com/fcm/send/x",
    "https://fcm.googleapis.com:443/fcm/send/x",
    "https://user:pw@fcm.googleapis.com/fcm/send/x",
    "HTTPS://fcm.googleapis.com/fcm/send/x",
    "https://fcm.googleapis.com",
    "https://fcm.googleapis.com?q=1",
    "https://fcm.googleapis.com/a b/ü",
    "https://fcm.googleapis.com/a#fragment",
    "http://localhost:80/push/x",
    "https://fcm.googleapis.com/fcm/../send/./x",
    "https://fcm.googleapis.com/fcm/%2e%2E/x",
    "https://fcm.googleapis.com/fcm\\send\\x",
    "https://fcm.googleapis.com/a?b/../c",
  ])("splits %s as URL does", (endpoint) => {
    // Twice: the first call fills the origin cache, the second takes the fast path.
    expect(endpointParts(endpoint)).toEqual(viaUrl(endpoint));
    expect(endpointParts(endpoint)).toEqual(viaUrl(endpoint));
  });

  it("throws for what is not an absolute URL", () => {
    expect(() => endpointParts("/push/x")).toThrow();
    expect(() => endpointParts("https://")).toThrow();
  });
});
