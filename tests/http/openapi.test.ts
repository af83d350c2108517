import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request, startTestServices, type TestServices } from "../helpers/test-store.ts";

describe("OpenAPI document", () => {
  let t: TestServices;
  beforeAll(async () => {
    t = await startTestServices();
  });
  afterAll(async () => t.close());

  it("is served as OpenAPI 3.1 JSON", async () => {
    const res = await request(t, "/openapi.json");
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.schemas.ArticleInput.additionalProperties).toBe(false);
    expect(doc.components.schemas.ArticleInput.properties.title.type).toBe("string");
  });

  it("documents every route the app serves, with every method", async () => {
    const doc = await (await request(t, "/openapi.json")).json();
    const served = t.app.routes
      .filter((r) => r.method !== "ALL")
      // ":name" and ":name{pattern}" (a parameter with its pattern) both become OpenAPI's "{name}".
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:([A-Za-z]+)(\{[^}]*\})?/g, "{$1}")}`);
    const missing = [...new Set(served)].filter((route) => {
      const [method, path] = route.split(" ") as [string, string];
      return !doc.paths[path]?.[method];
    });
    expect(missing).toEqual([]);
  });
});
