import { describe, it, expect } from "vitest";
import { formatArabicDates } from "../../lib/pages/dates.ts";

// Umm al-Qura: 1 Dhu al-Hijjah 1441 fell on 22 July 2020 (Eid al-Adha, 10 Dhu al-Hijjah, on 31 July)
// and Dhu al-Qa'dah 1441 had 30 days, so it began on 22 June and 8 July 2020 is its 17th day.
describe("formatArabicDates", () => {
  it("gives 17 ذو القعدة 1441 for 8 July 2020 in the Umm al-Qura calendar", () => {
    const d = formatArabicDates("2020-07-08T15:57:00.000Z");
    expect(d.hijri).toContain("17 ذو القعدة 1441");
  });

  it("gives the Gregorian date with Levantine month names by default and Egyptian ones for ar", () => {
    expect(formatArabicDates("2020-07-08T15:57:00.000Z").gregorian).toBe("8 تموز 2020");
    expect(formatArabicDates("2020-07-08T15:57:00.000Z", "Asia/Damascus", { gregorianLocale: "ar" }).gregorian).toBe(
      "8 يوليو 2020",
    );
  });

  it("shows a 24-hour clock in the site's time zone with Latin digits", () => {
    expect(formatArabicDates("2020-07-08T15:57:00.000Z").time).toBe("18:57");
    expect(formatArabicDates("2020-07-08T15:57:00.000Z", "UTC").time).toBe("15:57");
    expect(formatArabicDates("2020-07-08T21:05:00.000Z", "UTC").time).toBe("21:05");
  });

  it("uses Latin digits everywhere, never Arabic-Indic ones", () => {
    const d = formatArabicDates("2024-01-01T00:00:00.000Z", "UTC");
    expect(`${d.hijri} ${d.gregorian} ${d.time}`).not.toMatch(/[\u0660-\u0669\u06F0-\u06F9]/);
    expect(d.hijri).toContain("19 جمادى الآخرة 1445");
  });

  it("turns both dates over at local midnight", () => {
    const d = formatArabicDates("2020-07-08T21:30:00.000Z");
    expect(d.gregorian).toBe("9 تموز 2020");
    expect(d.hijri).toContain("18 ذو القعدة 1441");
    expect(d.time).toBe("00:30");
  });

  it("normalises the datetime attribute to ISO 8601 UTC", () => {
    expect(formatArabicDates("2020-07-08T18:57:00+03:00").isoAttr).toBe("2020-07-08T15:57:00.000Z");
  });

  it("throws on a date it cannot read", () => {
    expect(() => formatArabicDates("yesterday")).toThrow(RangeError);
  });
});
