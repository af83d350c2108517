import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request, startTestServices, TEST_ADMIN_TOKEN, type TestServices } from "../helpers/test-store.ts";

const lead = {
  id: "194391885768658",
  title: "اتفاقية شاملة للتعاون العسكري بين دمشق وطهران.. ورئيس الأركان الإيراني يوجه رسالة لتركيا",
  url: "http://anapress.net/a/194391885768658",
  summary: "وقع نظام الأسد اليوم الأربعاء اتفاقية شاملة للتعاون العسكري مع إيران.",
  contentHtml: '<p dir="rtl">وقع نظام الأسد اليوم الأربعاء اتفاقية<script>alert(1)</script></p>',
  category: "سوريا",
  tags: ["إيران", "دمشق"],
  publishedAt: "2020-07-08T18:57:00+03:00",
};

/** Every item in the table, to prove a refused request stored nothing. */
async function snapshot(t: TestServices) {
  const out = await t.client.send(new ScanCommand({ TableName: t.tableName }));
  return JSON.stringify((out.Items ?? []).sort((a, b) => `${a.pk}${a.sk}`.localeCompare(`${b.pk}${b.sk}`)));
}

describe("publishing API", () => {
  let t: TestServices;
  beforeAll(async () => {
    t = await startTestServices();
  });
  afterAll(async () => t.close());

  it("creates an article with 201, a Location and the sanitised, normalised article", async () => {
    const res = await request(t, "/api/articles", { method: "POST", admin: true, json: lead });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe("/api/articles/194391885768658");
    const body = await res.json();
    expect(body.title).toBe(lead.title);
    expect(body.publishedAt).toBe("2020-07-08T15:57:00.000Z");
    expect(body.contentHtml).not.toContain("script");
    expect(body.contentHtml).toContain('dir="rtl"');
    expect(body.views).toBe(0);
    expect(body.lang).toBe("ar");
  });

  it("answers 200 for the same id again, unchanged or updated", async () => {
    const same = await request(t, "/api/articles", { method: "POST", admin: true, json: lead });
    expect(same.status).toBe(200);
    const before = await same.json();
    const changed = await request(t, "/api/articles", { method: "POST", admin: true, json: { ...lead, summary: "ملخص جديد" } });
    expect(changed.status).toBe(200);
    const after = await changed.json();
    expect(after.summary).toBe("ملخص جديد");
    expect(Date.parse(after.updatedAt)).toBeGreaterThanOrEqual(Date.parse(before.updatedAt));
  });

  it("reads an article by id with its exact view count", async () => {
    await request(t, `/api/articles/${lead.id}/views`, { method: "POST" });
    const res = await request(t, `/api/articles/${lead.id}`);
    expect(res.status).toBe(200);
    expect((await res.json()).views).toBe(1);
  });

  it("counts a view atomically and returns the total", async () => {
    const res = await request(t, `/api/articles/${lead.id}/views`, { method: "POST" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ views: 2 });
  });

  it("lists newest first, filtered by category, with an opaque cursor", async () => {
    for (let i = 0; i < 5; i++) {
      await request(t, "/api/articles", {
        method: "POST",
        admin: true,
        json: { title: `خبر لبناني ${i}`, url: `https://anapress.net/lb/${i}`, category: "لبنان", publishedAt: `2020-07-0${i + 1}T10:00:00Z` },
      });
    }
    const first = await request(t, `/api/articles?category=${encodeURIComponent("لبنان")}&limit=3`);
    expect(first.status).toBe(200);
    const page1 = await first.json();
    expect(page1.items.map((a: { title: string }) => a.title)).toEqual(["خبر لبناني 4", "خبر لبناني 3", "خبر لبناني 2"]);
    const second = await request(t, `/api/articles?category=${encodeURIComponent("لبنان")}&limit=3&cursor=${page1.nextCursor}`);
    const page2 = await second.json();
    expect(page2.items.map((a: { title: string }) => a.title)).toEqual(["خبر لبناني 1", "خبر لبناني 0"]);
    expect(page2.nextCursor).toBeNull();
  });

  it("refuses a tampered cursor with 400 naming the cursor", async () => {
    const res = await request(t, "/api/articles?cursor=eyJ4IjoxfQ.AAAAAAAAAAAAAAAA");
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect((await res.json()).errors[0].pointer).toBe("/cursor");
  });

  it("refuses out-of-range limits with 400", async () => {
    for (const limit of ["0", "101", "abc", "-1", "1e9"]) {
      expect((await request(t, `/api/articles?limit=${limit}`)).status).toBe(400);
    }
  });

  it("patches only the given fields and clears a field sent as null", async () => {
    const res = await request(t, `/api/articles/${lead.id}`, { method: "PATCH", admin: true, json: { title: "عنوان معدّل", tags: null } });
    expect(res.status).toBe(400);
    const ok = await request(t, `/api/articles/${lead.id}`, { method: "PATCH", admin: true, json: { title: "عنوان معدّل", imageUrl: "https://anapress.net/i/1.jpg" } });
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body.title).toBe("عنوان معدّل");
    expect(body.category).toBe("سوريا");
    const cleared = await request(t, `/api/articles/${lead.id}`, { method: "PATCH", admin: true, json: { imageUrl: null } });
    expect((await cleared.json()).imageUrl).toBeUndefined();
  });

  it("unpublishes with DELETE: 204, then GET is 410 and the list no longer has it", async () => {
    const del = await request(t, `/api/articles/${lead.id}`, { method: "DELETE", admin: true });
    expect(del.status).toBe(204);
    expect((await request(t, `/api/articles/${lead.id}`)).status).toBe(410);
    const list = await (await request(t, "/api/articles?limit=100")).json();
    expect(list.items.map((a: { id: string }) => a.id)).not.toContain(lead.id);
    expect((await request(t, `/api/articles/${lead.id}/views`, { method: "POST" })).status).toBe(404);
  });

  it("answers 404 problem+json for an unknown article and an unknown route", async () => {
    const res = await request(t, "/api/articles/no-such-id");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect((await request(t, "/nowhere")).status).toBe(404);
  });

  it("reports health once the store answers", async () => {
    const res = await request(t, "/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });
});

describe("bad input gets a clear 4xx and stores nothing", () => {
  let t: TestServices;
  beforeAll(async () => {
    t = await startTestServices({ config: { MAX_BODY_BYTES: "65536" } });
    await request(t, "/api/articles", { method: "POST", admin: true, json: { id: "existing", title: "موجود", url: "https://anapress.net/a/existing" } });
  });
  afterAll(async () => t.close());

  const cases: Array<[string, RequestInit & { json?: unknown; admin?: boolean }, number, string?]> = [
    ["no token", { method: "POST", json: lead }, 401],
    ["a wrong token", { method: "POST", json: lead, headers: { authorization: "Bearer wrong-token-wrong-token" } }, 401],
    ["a near-miss token", { method: "POST", json: lead, headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN.slice(0, -1)}X` } }, 401],
    ["a token without Bearer", { method: "POST", json: lead, headers: { authorization: TEST_ADMIN_TOKEN } }, 401],
    ["a non-JSON body", { method: "POST", admin: true, body: "title=x", headers: { "content-type": "application/x-www-form-urlencoded" } }, 415],
    ["malformed JSON", { method: "POST", admin: true, body: "{\"title\":", headers: { "content-type": "application/json" } }, 400],
    ["a body over the limit", { method: "POST", admin: true, json: { ...lead, contentHtml: "ن".repeat(70_000) } }, 413],
    ["a missing title", { method: "POST", admin: true, json: { url: "https://anapress.net/a/x" } }, 400, "/title"],
    ["a title of control characters only", { method: "POST", admin: true, json: { title: "\u0001\u0002 ", url: "https://anapress.net/a/x" } }, 400, "/title"],
    ["a javascript: url", { method: "POST", admin: true, json: { title: "x", url: "javascript:alert(1)" } }, 400, "/url"],
    ["a relative url", { method: "POST", admin: true, json: { title: "x", url: "/a/1" } }, 400, "/url"],
    ["a data: image", { method: "POST", admin: true, json: { title: "x", url: "https://a.example/1", imageUrl: "data:image/png;base64,AAAA" } }, 400, "/imageUrl"],
    ["a wrongly typed field", { method: "POST", admin: true, json: { title: 42, url: "https://a.example/1" } }, 400, "/title"],
    ["a server-owned views field", { method: "POST", admin: true, json: { ...lead, views: 1_000_000 } }, 400, "/views"],
    ["a server-owned updatedAt field", { method: "POST", admin: true, json: { ...lead, updatedAt: "2020-01-01T00:00:00Z" } }, 400, "/updatedAt"],
    ["an unknown field", { method: "POST", admin: true, json: { ...lead, titel: "typo" } }, 400, "/titel"],
    ["a __proto__ key", { method: "POST", admin: true, body: '{"title":"x","url":"https://a.example/1","__proto__":{"admin":true}}', headers: { "content-type": "application/json" } }, 400, "/__proto__"],
    ["an invalid date", { method: "POST", admin: true, json: { title: "x", url: "https://a.example/1", publishedAt: "yesterday" } }, 400, "/publishedAt"],
    ["a category with a slash", { method: "POST", admin: true, json: { title: "x", url: "https://a.example/1", category: "a/b" } }, 400, "/category"],
    ["eleven tags", { method: "POST", admin: true, json: { title: "x", url: "https://a.example/1", tags: Array.from({ length: 11 }, (_, i) => `t${i}`) } }, 400, "/tags"],
    ["an invalid id", { method: "POST", admin: true, json: { id: "../etc", title: "x", url: "https://a.example/1" } }, 400, "/id"],
    ["a JSON array body", { method: "POST", admin: true, json: [lead] }, 400],
    ["a patch of the id", { method: "PATCH", admin: true, json: { id: "other" } }, 400, "/id"],
    ["a patch of views", { method: "PATCH", admin: true, json: { views: 5 } }, 400, "/views"],
  ];

  for (const [name, init, status, pointer] of cases) {
    it(`answers ${status} for ${name}, naming the field, and stores nothing`, async () => {
      const before = await snapshot(t);
      const path = init.method === "PATCH" ? "/api/articles/existing" : "/api/articles";
      const res = await request(t, path, init);
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const body = await res.json();
      expect(body.title).toBeTruthy();
      expect(body.detail).toBeTruthy();
      if (pointer) expect(body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
      expect(JSON.stringify(body)).not.toContain(TEST_ADMIN_TOKEN);
      expect(await snapshot(t)).toBe(before);
    });
  }

  it("never writes the admin token into a log line", () => {
    expect(t.logLines.length).toBeGreaterThan(0);
    expect(t.logLines.join("\n")).not.toContain(TEST_ADMIN_TOKEN);
  });
});
