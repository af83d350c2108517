import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, article, publish, pushServices, startBench, type Bench, type PushServices } from "../push-fanout/harness.ts";

describe("the public view counter", () => {
  let bench: Bench;
  let s: PushServices;
  beforeAll(async () => {
    bench = await startBench();
    s = await pushServices(bench);
    await publish(s, article("counted"));
    await publish(s, article("other"));
  });
  afterAll(async () => {
    s.close();
    await bench.close();
  });

  it("limits one address to 30 views a minute per article, with 429 and Retry-After, without limiting others", async () => {
    const view = (id: string, peer: string) => api(s, `/api/articles/${id}/views`, { method: "POST", headers: { "x-test-peer": peer } });
    for (let i = 0; i < 30; i++) expect((await view("counted", "198.51.100.9")).status).toBe(200);
    const limited = await view("counted", "198.51.100.9");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await view("other", "198.51.100.9")).status).toBe(200);
    expect((await view("counted", "198.51.100.10")).status).toBe(200);
    const read = await (await api(s, "/api/articles/counted")).json();
    expect(read.views).toBe(31);
  });
});
