import { describe, expect, it } from "vitest";
import { createSendSlots } from "../../lib/push/send-slots.ts";

const tick = () => new Promise((r) => setTimeout(r, 1));

describe("send slots per push service", () => {
  it("keeps at most the limit in flight per origin, across callers, and serves waiters in arrival order", async () => {
    const slots = createSendSlots(3);
    const inFlight = new Map<string, number>();
    const peak = new Map<string, number>();
    const started: string[] = [];
    const send = (endpoint: string, label: string) =>
      slots.run(endpoint, async () => {
        const origin = new URL(endpoint).origin;
        started.push(label);
        inFlight.set(origin, (inFlight.get(origin) ?? 0) + 1);
        peak.set(origin, Math.max(peak.get(origin) ?? 0, inFlight.get(origin)!));
        await tick();
        inFlight.set(origin, inFlight.get(origin)! - 1);
        return label;
      });
    const fcm = Array.from({ length: 10 }, (_, i) => send(`https://fcm.googleapis.com/fcm/send/${i}`, `f${i}`));
    const mozilla = Array.from({ length: 5 }, (_, i) => send(`https://updates.push.services.mozilla.com/wpush/v2/${i}`, `m${i}`));
    expect(await Promise.all([...fcm, ...mozilla])).toEqual([...Array.from({ length: 10 }, (_, i) => `f${i}`), ...Array.from({ length: 5 }, (_, i) => `m${i}`)]);
    expect(Object.fromEntries(peak)).toEqual({ "https://fcm.googleapis.com": 3, "https://updates.push.services.mozilla.com": 3 });
    expect(started.filter((l) => l.startsWith("f"))).toEqual(Array.from({ length: 10 }, (_, i) => `f${i}`));
  });

  it("frees the slot of a send that throws", async () => {
    const slots = createSendSlots(1);
    await expect(slots.run("https://push.example/a", async () => { throw new Error("boom"); })).rejects.toThrow("boom");
    expect(await slots.run("https://push.example/b", async () => "next")).toBe("next");
  });

  it("refuses a limit below one", () => {
    expect(() => createSendSlots(0)).toThrow(/limit/);
  });
});
