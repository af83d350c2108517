import { describe, expect, it } from "vitest";
import { quietUntil } from "../../lib/push/quiet-hours.ts";

const night = { start: "23:00", end: "07:00" };

describe("quietUntil", () => {
  it("holds until the end of a window spanning midnight (Damascus, UTC+3 all year)", () => {
    // 22:30 UTC = 01:30 in Damascus: quiet until 07:00 local = 04:00 UTC.
    expect(quietUntil(new Date("2025-01-10T22:30:20Z"), "Asia/Damascus", night)?.toISOString()).toBe("2025-01-11T04:00:00.000Z");
  });

  it("is quiet just after the start before midnight", () => {
    // 20:15 UTC = 23:15 Riyadh.
    expect(quietUntil(new Date("2025-07-01T20:15:00Z"), "Asia/Riyadh", night)?.toISOString()).toBe("2025-07-02T04:00:00.000Z");
  });

  it("is not quiet outside the window", () => {
    expect(quietUntil(new Date("2025-07-01T10:00:00Z"), "Asia/Riyadh", night)).toBeUndefined();
    // 07:00 local exactly: the window has ended.
    expect(quietUntil(new Date("2025-07-01T04:00:00Z"), "Asia/Riyadh", night)).toBeUndefined();
  });

  it("handles a window within one day", () => {
    const lunch = { start: "12:00", end: "13:30" };
    expect(quietUntil(new Date("2025-03-03T09:10:00Z"), "Asia/Riyadh", lunch)?.toISOString()).toBe("2025-03-03T10:30:00.000Z");
    expect(quietUntil(new Date("2025-03-03T10:30:00Z"), "Asia/Riyadh", lunch)).toBeUndefined();
  });

  it("treats an unknown time zone, no window or an empty window as never quiet", () => {
    const at = new Date("2025-01-10T22:30:00Z");
    expect(quietUntil(at, "Mars/Olympus_Mons", night)).toBeUndefined();
    expect(quietUntil(at, "Asia/Damascus", undefined)).toBeUndefined();
    expect(quietUntil(at, "Asia/Damascus", { start: "01:00", end: "01:00" })).toBeUndefined();
  });

  it("uses UTC when no time zone is given", () => {
    expect(quietUntil(new Date("2025-01-10T23:30:00Z"), undefined, night)?.toISOString()).toBe("2025-01-11T07:00:00.000Z");
  });

  it("lands on the local end time across a DST change", () => {
    // Europe/Berlin springs forward on 2025-03-30 at 02:00; 23:30 local on the 29th (22:30 UTC) → 07:00 CEST = 05:00 UTC.
    expect(quietUntil(new Date("2025-03-29T22:30:00Z"), "Europe/Berlin", night)?.toISOString()).toBe("2025-03-30T05:00:00.000Z");
  });
});
