/**
 * The AWS path end to end without AWS: publish through the API handler → the stream record the table would emit →
 * the stream subscriber → SQS messages → the push worker → the push receiver decrypts every push.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { handle } from "hono/aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushWorkerHandler, streamHandler, sweeperHandler } from "../../functions/aws/handlers.ts";
import { createSqsQueue } from "../../functions/aws/sqs-queue.ts";
import { notificationOf } from "../helpers/declarative-push.ts";
import { ADMIN, article, messagesFor, pushServices, startBench, subscribe, type Bench, type PushServices } from "../push-fanout/harness.ts";
import { startSqsRecorder } from "../helpers/sqs-recorder.ts";
import { functionUrlEvent, passesFilter, streamRecord } from "./lambda-events.ts";
import { newNotifications } from "../../infra/stream-filters.ts";

type Recorder = Awaited<ReturnType<typeof startSqsRecorder>>;

describe("Lambda handlers: API → stream → SQS → worker", () => {
  let bench: Bench;
  let sqs: Recorder;
  let s: PushServices;

  beforeAll(async () => {
    bench = await startBench();
    sqs = await startSqsRecorder();
    s = await pushServices(bench, {
      env: { PUSH_BATCH_SIZE: "3" },
      runtime: { queue: () => createSqsQueue(sqs.queueUrl, sqs.client), fanOutOnPublish: false },
    });
  });
  afterAll(async () => {
    s.close();
    await sqs.close();
    await bench.close();
  });

  it("delivers one decrypted push to every subscriber, and a poisoned record fails alone at each step", async () => {
    const subs = [];
    for (let i = 0; i < 7; i++) subs.push(await subscribe(bench, s, i % 2 ? { topics: ["سياسة"] } : {}));

    const lambda = handle(s.app);
    type UrlResult = { statusCode: number; body: string; isBase64Encoded: boolean };
    const api = (event: ReturnType<typeof functionUrlEvent>) => lambda(event as never) as unknown as Promise<UrlResult>;
    const published = await api(
      functionUrlEvent({
        method: "POST",
        path: "/api/articles",
        headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
        body: JSON.stringify(article("lambda-1", { title: "عاجل: اتفاقية شاملة للتعاون بين دمشق وطهران" })),
      }),
    );
    expect(published.statusCode).toBe(201);
    // On AWS the API does not fan out itself: nothing was queued before the stream ran.
    expect(sqs.messages).toHaveLength(0);

    const notification = (await s.store.db.client.send(new GetCommand({ TableName: s.table, Key: { pk: "N#lambda-1", sk: "N" } }))).Item!;
    const poisoned = streamRecord({ pk: "N#ghost", sk: "N", articleId: 42 }, "200");
    // What the event-source mapping hands the function: only records infra's declared filter lets through.
    const records = [streamRecord(notification, "100"), poisoned].filter((r) => passesFilter(newNotifications, r));
    const stream = await streamHandler(s.push!)({ Records: records } as never);
    expect(stream.batchItemFailures).toEqual([{ itemIdentifier: "200" }]);

    // 7 subscribers in batches of at most 3, per topic shard: at least 3 messages; plus one poisoned message.
    expect(sqs.messages.length).toBeGreaterThanOrEqual(3);
    const event = sqs.event([...sqs.messages, { messageId: "poison", body: "{not json" }]);
    const worker = await pushWorkerHandler(s.push!)(event as never);
    expect(worker.batchItemFailures).toEqual([{ itemIdentifier: "poison" }]);

    for (const sub of subs) {
      const got = messagesFor(bench, sub);
      expect(got).toHaveLength(1);
      expect(notificationOf(got[0]!.payload)).toMatchObject({ title: "عاجل: اتفاقية شاملة للتعاون بين دمشق وطهران", lang: "ar", dir: "rtl", tag: "article-lambda-1" });
    }

    // Redelivery of the same messages (SQS is at-least-once) sends nothing twice.
    await pushWorkerHandler(s.push!)(sqs.event(sqs.messages) as never);
    for (const sub of subs) expect(messagesFor(bench, sub)).toHaveLength(1);

    const stats = await api(functionUrlEvent({ path: "/api/articles/lambda-1/push-stats", headers: { authorization: `Bearer ${ADMIN}` } }));
    expect(JSON.parse(stats.isBase64Encoded ? Buffer.from(stats.body, "base64").toString() : stats.body)).toMatchObject({ delivered: 7, state: "done" });
  });

  it("the sweeper handler finishes work and reports what it did", async () => {
    const result = await sweeperHandler(s.service, s.push)();
    expect(result).toMatchObject({ repaired: 0 });
  });
});
