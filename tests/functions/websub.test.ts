/**
 * WebSub on AWS without AWS: publish and edit through the API handler, turn the feed version stamps the table now holds
 * into the stream records DynamoDB would emit, check infra/websub.ts's filter lets exactly those through, and run the
 * WebSub handler: CloudFront (a recording stand-in) invalidates the changed feeds first, then a loopback hub gets one
 * ping per feed URL, before the invocation returns.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { handle } from "hono/aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cloudFrontInvalidator, type InvalidationClient } from "../../functions/aws/cdn-invalidation.ts";
import { websubHandler } from "../../functions/aws/handlers.ts";
import { createLogger } from "../../functions/node/logger.ts";
import { createWebSubPublisher } from "../../lib/websub/index.ts";
import { startHub, type Hub } from "../websub/hub-receiver.ts";
import { startTestServices, TEST_ADMIN_TOKEN, type TestServices } from "../helpers/test-store.ts";
import { functionUrlEvent, passesFilter, streamRecord } from "./lambda-events.ts";
import { feedVersionChanges as FILTER, newNotifications } from "../../infra/stream-filters.ts";


type Image = Record<string, unknown> & { pk: string; sk: string };
const ALL_FEEDS = ["https://news.example/feeds/rss.xml", "https://news.example/feeds/atom.xml", "https://news.example/feeds/feed.json"].sort();

describe("WebSub from the table's stream (functions/websub.ts)", () => {
  let t: TestServices;
  let hub: Hub;
  const calls: string[] = [];
  const silent = createLogger({ level: "silent", write: () => {} });

  beforeAll(async () => {
    t = await startTestServices();
    hub = await startHub((post) => {
      calls.push(`ping ${post.urls.join(" ")}`);
      return { status: 204 };
    });
  });
  afterAll(async () => {
    await hub.close();
    await t.close();
  });

  /** CloudFront as the SDK answers: InProgress on creation, Completed on the second look. */
  function cloudFront(): InvalidationClient & { created: string[][] } {
    let looks = 0;
    const client = {
      created: [] as string[][],
      async send(command: { input: object }) {
        const input = command.input as { InvalidationBatch?: { Paths: { Items: string[] } }; Id?: string };
        if (input.InvalidationBatch) {
          client.created.push(input.InvalidationBatch.Paths.Items);
          calls.push("invalidate");
          return { Invalidation: { Id: "I1", Status: "InProgress" } };
        }
        looks++;
        calls.push(`look ${input.Id}`);
        return { Invalidation: { Id: "I1", Status: looks >= 2 ? "Completed" : "InProgress" } };
      },
    };
    return client;
  }

  const publisher = () =>
    createWebSubPublisher({ hubUrl: hub.url, baseUrl: "https://news.example", fetch: (url, init) => fetch(url, init), sleep: async () => {}, random: () => 0, logger: silent });

  it("invalidates, then pings every format of each feed a publish changed, and returns only once the hub has them", async () => {
    const api = handle(t.app) as unknown as (event: unknown) => Promise<{ statusCode: number }>;
    const published = await api(
      functionUrlEvent({
        method: "POST",
        path: "/api/articles",
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ id: "websub-1", title: "اجتماع في دمشق", url: "https://news.example/ar/websub-1", category: "سياسة", tags: [], publishedAt: "2025-01-10T08:00:00.000Z" }),
      }),
    );
    expect(published.statusCode).toBe(201);

    const get = async (pk: string, sk: string) => (await t.client.send(new GetCommand({ TableName: t.tableName, Key: { pk, sk } }))).Item as Image;
    const stamps = [await get("F#all", "V"), await get("F#c:سياسة", "V")];
    const records = [
      streamRecord(stamps[0]!, "100", "MODIFY"),
      streamRecord(stamps[1]!, "101", "INSERT"),
      streamRecord(await get("N#websub-1", "N"), "102", "INSERT"),
      streamRecord(await get("A#websub-1", "A"), "103", "INSERT"),
    ];
    // What the event-source filter would deliver: the two stamps, not the notification or the article.
    const delivered = records.filter((r) => passesFilter(FILTER, r));
    expect(delivered.map((r) => r.dynamodb.SequenceNumber)).toEqual(["100", "101"]);
    // And the fan-out's filter takes only the notification.
    expect(records.filter((r) => passesFilter(newNotifications, r)).map((r) => r.dynamodb.SequenceNumber)).toEqual(["102"]);

    const cdn = cloudFront();
    const handler = websubHandler({
      publisher: publisher(),
      invalidate: cloudFrontInvalidator({ distributionId: "E2EXAMPLE", logger: silent, client: cdn, pollMs: 1 }),
    });
    // The handler also ignores anything else a wider filter might let through.
    expect(await handler({ Records: records } as never)).toEqual({ feeds: 2 });

    expect(cdn.created).toEqual([["/feeds/*", `/feeds/category/${encodeURIComponent("سياسة")}/*`, "/sitemap*"]]);
    const pinged = hub.posts.flatMap((p) => p.urls).sort();
    const category = `https://news.example/feeds/category/${encodeURIComponent("سياسة")}`;
    expect(pinged).toEqual(
      ["https://news.example/feeds/rss.xml", "https://news.example/feeds/atom.xml", "https://news.example/feeds/feed.json", `${category}/rss.xml`, `${category}/atom.xml`, `${category}/feed.json`].sort(),
    );
    expect(hub.posts.every((p) => p.mode.join() === "publish")).toBe(true);
    // Invalidation finished (two looks) before the first ping left.
    expect(calls.slice(0, 3)).toEqual(["invalidate", "look I1", "look I1"]);
    expect(calls.slice(3)).toHaveLength(6);
  });

  it("fails the batch without pinging when the invalidation fails, so the stream retries it", async () => {
    const before = hub.posts.length;
    const failing: InvalidationClient = { send: async () => Promise.reject(Object.assign(new Error("Rate exceeded"), { name: "TooManyInvalidationsInProgress" })) };
    const handler = websubHandler({ publisher: publisher(), invalidate: cloudFrontInvalidator({ distributionId: "E2EXAMPLE", logger: silent, client: failing }) });
    const record = streamRecord({ pk: "F#all", sk: "V", stamp: "x" }, "200", "MODIFY");
    await expect(handler({ Records: [record] } as never)).rejects.toThrow("Rate exceeded");
    expect(hub.posts.length).toBe(before);
  });

  it("pings the hub anyway, with a warning, when the invalidation is not Completed by the deadline", async () => {
    const before = hub.posts.length;
    const looks: string[] = [];
    const slow: InvalidationClient = {
      send: async (command) => {
        if ("InvalidationBatch" in command.input) return { Invalidation: { Id: "I2", Status: "InProgress" } };
        looks.push("look");
        return { Invalidation: { Id: "I2", Status: "InProgress" } };
      },
    };
    const lines: string[] = [];
    const logger = createLogger({ level: "warn", write: (line) => lines.push(line) });
    const handler = websubHandler({ publisher: publisher(), invalidate: cloudFrontInvalidator({ distributionId: "E2EXAMPLE", logger, client: slow, pollMs: 20, waitMs: 200 }) });
    expect(await handler({ Records: [streamRecord({ pk: "F#all", sk: "V", stamp: "y" }, "250", "MODIFY")] } as never)).toEqual({ feeds: 1 });
    expect(looks.length).toBeGreaterThan(1);
    expect(hub.posts.slice(before).flatMap((p) => p.urls).sort()).toEqual(ALL_FEEDS);
    const warned = lines.map((line) => JSON.parse(line) as { level: string; message: string; id?: string; status?: string });
    expect(warned).toEqual([expect.objectContaining({ level: "warn", message: "cdn invalidation not completed in time; pinging the hub anyway", id: "I2", status: "InProgress" })]);
  });

  it("looks again after a failing GetInvalidation and pings without a warning once it is Completed", async () => {
    const before = hub.posts.length;
    let looks = 0;
    const flaky: InvalidationClient = {
      send: async (command) => {
        if ("InvalidationBatch" in command.input) return { Invalidation: { Id: "I3", Status: "InProgress" } };
        if (++looks === 1) throw Object.assign(new Error("Rate exceeded"), { name: "Throttling" });
        return { Invalidation: { Id: "I3", Status: "Completed" } };
      },
    };
    const lines: string[] = [];
    const logger = createLogger({ level: "warn", write: (line) => lines.push(line) });
    const handler = websubHandler({ publisher: publisher(), invalidate: cloudFrontInvalidator({ distributionId: "E2EXAMPLE", logger, client: flaky, pollMs: 1 }) });
    expect(await handler({ Records: [streamRecord({ pk: "F#all", sk: "V", stamp: "z" }, "260", "MODIFY")] } as never)).toEqual({ feeds: 1 });
    expect(looks).toBe(2);
    expect(hub.posts.slice(before).flatMap((p) => p.urls).sort()).toEqual(ALL_FEEDS);
    expect(lines).toEqual([]);
  });

  it("does nothing for a batch without feed version stamps", async () => {
    const cdn = cloudFront();
    const handler = websubHandler({ publisher: publisher(), invalidate: cloudFrontInvalidator({ distributionId: "E2EXAMPLE", logger: silent, client: cdn }) });
    expect(await handler({ Records: [streamRecord({ pk: "F#all", sk: "E#2025#x" }, "300", "INSERT")] } as never)).toEqual({ feeds: 0 });
    expect(cdn.created).toEqual([]);
  });
});
