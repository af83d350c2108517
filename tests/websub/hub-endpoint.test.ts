import { describe, expect, it } from "vitest";
import { parseHubEndpoint } from "../../lib/websub/index.ts";

describe("hub endpoint", () => {
  it("leaves a plain hub URL as it is, labelled by its origin", () => {
    expect(parseHubEndpoint("https://pubsubhubbub.appspot.com/")).toEqual({
      url: "https://pubsubhubbub.appspot.com/",
      label: "https://pubsubhubbub.appspot.com",
    });
  });

  it("moves user-info into a Basic Authorization header, percent-decoded", () => {
    const hub = parseHubEndpoint("https://news:p%40ss%3Aword@push.superfeedr.com/?key=abc");
    expect(hub.url).toBe("https://push.superfeedr.com/?key=abc");
    expect(hub.authorization).toBe(`Basic ${Buffer.from("news:p@ss:word").toString("base64")}`);
    expect(hub.label).toBe("https://push.superfeedr.com");
  });

  it("encodes non-ASCII credentials as UTF-8", () => {
    const hub = parseHubEndpoint("https://%D8%AE%D8%A8%D8%B1:x@hub.example/");
    expect(hub.authorization).toBe(`Basic ${Buffer.from("خبر:x", "utf8").toString("base64")}`);
  });
});
