/**
 * No article the API accepts can exceed DynamoDB's 400 KB item limit: DynamoDB sizes strings in UTF-8 bytes (dynalite
 * in UTF-16 units, so it stored what AWS refused with a ValidationException, answered as a 500). The body is limited
 * in UTF-8 bytes; Arabic text takes two a letter.
 */
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIMITS } from "../../lib/articles/schema.ts";
import { DYNAMODB_ITEM_LIMIT, dynamoItemBytes } from "../helpers/dynamo-item-size.ts";
import { request, startTestServices, type TestServices } from "../helpers/test-store.ts";

/** Arabic letters (2 bytes each) and one ASCII byte, to make `bytes` exactly; wrapped in <p>. */
function arabicHtml(bytes: number): string {
  const letters = Math.floor((bytes - 7) / 2);
  return `<p>${"ن".repeat(letters)}${".".repeat(bytes - 7 - letters * 2)}</p>`;
}

describe("article size against DynamoDB's item limit", () => {
  let t: TestServices;
  let clock = Date.UTC(2026, 11, 1, 9, 0, 0);
  beforeAll(async () => {
    t = await startTestServices({ now: () => new Date(clock) });
  });
  afterAll(async () => t.close());

  const publish = (json: Record<string, unknown>) => request(t, "/api/articles", { method: "POST", admin: true, json });

  it("accepts Arabic contentHtml of exactly the byte limit", async () => {
    const html = arabicHtml(LIMITS.contentHtmlBytes);
    expect(Buffer.byteLength(html)).toBe(LIMITS.contentHtmlBytes);
    const res = await publish({ id: "at-limit", title: "خبر طويل", url: "https://anapress.net/a/at-limit", contentHtml: html });
    expect(res.status).toBe(201);
    const stored = await (await request(t, "/api/articles/at-limit")).json();
    expect(stored.contentHtml).toBe(html);
  });

  it("refuses Arabic contentHtml one letter over the limit with a 400 naming the field, storing nothing", async () => {
    const html = arabicHtml(LIMITS.contentHtmlBytes + 2);
    // Fewer characters than the old 200,000-character limit allowed: characters were the wrong measure.
    expect(html.length).toBeLessThan(200_000);
    const res = await publish({ id: "over-limit", title: "خبر أطول", url: "https://anapress.net/a/over-limit", contentHtml: html });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const problem = await res.json();
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/contentHtml", detail: expect.stringContaining(`${LIMITS.contentHtmlBytes} bytes`) })]);
    expect((await request(t, "/api/articles/over-limit")).status).toBe(404);
  });

  it("refuses contentHtml that sanitising lengthens past the limit", async () => {
    // Each bare "&" is stored as "&amp;": 5 bytes for the 1 the schema counted.
    const html = `<p>${"&".repeat(LIMITS.contentHtmlBytes / 2)}</p>`;
    const res = await publish({ id: "grows", title: "خبر", url: "https://anapress.net/a/grows", contentHtml: html });
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].pointer).toBe("/contentHtml");
  });

  it("keeps the largest article it accepts, every field at its limit, well under 400 KB in each item it writes", async () => {
    const threeByte = "€"; // 3 UTF-8 bytes in one UTF-16 unit: the most bytes a character limit lets through
    const arabicPath = "خ".repeat(2000); // percent-encoded when the URL is normalised: 6 bytes a letter
    const tags = Array.from({ length: LIMITS.tags }, (_, i) => `${i}${threeByte.repeat(LIMITS.label - 1)}`);
    const res = await publish({
      id: "x".repeat(LIMITS.id),
      title: `عنوان ${threeByte.repeat(LIMITS.title - 6)}`,
      url: `https://anapress.net/${arabicPath}`,
      summary: threeByte.repeat(LIMITS.summary),
      author: threeByte.repeat(LIMITS.author),
      category: threeByte.repeat(LIMITS.label),
      tags,
      imageUrl: `https://anapress.net/i/${arabicPath}`,
      contentHtml: arabicHtml(LIMITS.contentHtmlBytes),
      publishedAt: "2026-12-01T09:00:00Z",
    });
    expect(res.status).toBe(201);
    // What later writes add: a roll-up of the views into the article and its entries, then an edit.
    clock += 120_000;
    expect((await request(t, `/api/articles/${"x".repeat(LIMITS.id)}/views`, { method: "POST" })).status).toBeLessThan(300);
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      // Scans stop at 1 MB a page; these items are large.
      const page = await t.client.send(new ScanCommand({ TableName: t.tableName, FilterExpression: "id = :id", ExpressionAttributeValues: { ":id": "x".repeat(LIMITS.id) }, ...(start ? { ExclusiveStartKey: start } : {}) }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    const sizes = items.map(dynamoItemBytes);
    // The article item and its feed entries (all, the category, ten tags) carry the body.
    expect(sizes.filter((bytes) => bytes > LIMITS.contentHtmlBytes)).toHaveLength(1 + 1 + 1 + LIMITS.tags);
    const largest = Math.max(...sizes);
    expect(largest).toBeLessThan(DYNAMODB_ITEM_LIMIT - 32 * 1024);
  });
});
