import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderSections } from "../../lib/store/index.ts";
import { startTestServices, type TestServices } from "../helpers/test-store.ts";

describe("orderSections", () => {
  it("puts the newsroom's order first, then every other section in Arabic alphabetical order", () => {
    expect(orderSections(["لبنان", "سوريا", "اقتصاد", "تركيا"], { order: ["سوريا"], hidden: [] })).toEqual(["سوريا", "اقتصاد", "تركيا", "لبنان"]);
  });

  it("shows an ordered name before any article uses it, and never a hidden one", () => {
    expect(orderSections(["سوريا", "صحة"], { order: ["رياضة", "سوريا"], hidden: ["صحة", "رياضة"] })).toEqual(["سوريا"]);
  });

  it("lists each name once whatever repeats", () => {
    expect(orderSections(["سوريا", "سوريا", "لبنان"], { order: ["لبنان", "لبنان"], hidden: [] })).toEqual(["لبنان", "سوريا"]);
  });
});

describe("sections on a real DynamoDB endpoint", () => {
  let t: TestServices;
  beforeAll(async () => {
    t = await startTestServices();
  });
  afterAll(async () => t.close());

  const publish = (id: string, category?: string) =>
    t.service.publish({ id, title: `خبر ${id}`, url: `https://anapress.net/a/${id}`, ...(category ? { category } : {}) });

  it("learns every category a publish uses, including one that was later unpublished", async () => {
    await publish("s1", "سوريا");
    await publish("s2", "لبنان");
    await publish("s3");
    await publish("s4", "اقتصاد");
    await t.service.unpublish("s4");
    expect((await t.store.sections.read()).names).toEqual(["اقتصاد", "سوريا", "لبنان"]);
  });

  it("learns the new category of an edited article and keeps the old one", async () => {
    await t.service.patch("s2", { category: "تركيا" });
    expect((await t.store.sections.read()).names).toEqual(["اقتصاد", "تركيا", "سوريا", "لبنان"]);
  });

  it("keeps the newsroom's order and hidden list, and the time it set them", async () => {
    await t.store.sections.configure({ order: ["لبنان", "سوريا"], hidden: ["اقتصاد"] });
    const read = await t.store.sections.read();
    expect(read.names).toEqual(["لبنان", "سوريا", "تركيا"]);
    expect(read.settings).toEqual({ order: ["لبنان", "سوريا"], hidden: ["اقتصاد"] });
    expect(read.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("adds the category to a new article's feed-entry BatchWriteItem, no request of its own (eight tags: 25 items, one request)", async () => {
    t.calls.reset();
    const tags = Array.from({ length: 8 }, (_, i) => `وسم${i}`);
    expect((await t.service.publish({ id: "s10", title: "خبر بثمانية وسوم", url: "https://anapress.net/a/s10", category: "رياضة", tags })).kind).toBe("created");
    expect(t.calls.names.filter((n) => n === "BatchWriteItem")).toHaveLength(1);
    expect((await t.store.sections.read()).names).toContain("رياضة");
  });

  it("reads the list with one Query", async () => {
    t.calls.reset();
    await t.store.sections.read();
    expect(t.calls.names).toEqual(["Query"]);
  });
});
