import { describe, expect, it } from "vitest";
import { rfc3339Date, rfc822Date } from "../../lib/feeds/dates.ts";

describe("rfc822Date", () => {
  it("uses English day and month names (RFC 822), even in an Arabic feed", () => {
    expect(rfc822Date("2020-07-08T18:57:00.000Z")).toBe("Wed, 08 Jul 2020 18:57:00 GMT");
  });

  it("matches the ECMAScript-defined toUTCString format for every month and weekday", () => {
    for (let month = 0; month < 12; month++) {
      for (let day = 1; day <= 7; day++) {
        const date = new Date(Date.UTC(2021, month, day, 5, 4, 3));
        expect(rfc822Date(date.toISOString())).toBe(date.toUTCString());
      }
    }
  });

  it("converts offsets to GMT", () => {
    expect(rfc822Date("2020-07-08T21:57:00+03:00")).toBe("Wed, 08 Jul 2020 18:57:00 GMT");
  });

  it("returns undefined for an unusable date instead of throwing", () => {
    expect(rfc822Date("not a date")).toBeUndefined();
    expect(rfc822Date("")).toBeUndefined();
    expect(rfc822Date(undefined)).toBeUndefined();
    expect(rfc822Date("+012020-01-01T00:00:00Z")).toBeUndefined();
  });
});

describe("rfc3339Date", () => {
  it("writes UTC with a Z and whole seconds", () => {
    expect(rfc3339Date("2020-07-08T18:57:00.123Z")).toBe("2020-07-08T18:57:00Z");
  });

  it("returns undefined for an unusable date", () => {
    expect(rfc3339Date("2020-13-45")).toBeUndefined();
  });
});
