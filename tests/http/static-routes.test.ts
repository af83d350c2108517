/** Static assets are read once and kept, misses too, in a bounded cache: asking for many names cannot grow it. */
import { describe, expect, it } from "vitest";
import { staticRoutes } from "../../lib/http/static-routes.ts";

function counted() {
  const reads: string[] = [];
  const loader = async (name: string) => (reads.push(name), name === "style.css" ? new TextEncoder().encode("body{}") : undefined);
  return { app: staticRoutes(loader), reads };
}

describe("staticRoutes cache", () => {
  it("reads an asset once, and a missing name once", async () => {
    const { app, reads } = counted();
    for (let i = 0; i < 3; i++) {
      expect((await app.request("/static/style.css")).status).toBe(200);
      expect((await app.request("/static/nothing.css")).status).toBe(404);
    }
    expect(reads).toEqual(["style.css", "nothing.css"]);
  });

  it("forgets the least recently used names once many have been asked for, and still serves", async () => {
    const { app, reads } = counted();
    await app.request("/static/style.css");
    for (let i = 0; i < 500; i++) expect((await app.request(`/static/probe-${i}.js`)).status).toBe(404);
    expect((await app.request("/static/style.css")).status).toBe(200);
    expect(reads.filter((name) => name === "style.css")).toHaveLength(2);
  });
});
