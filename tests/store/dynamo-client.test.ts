/**
 * The DynamoDB client as functions/node/dynamo-client.ts configures the SDK: errors keep the SDK's names, what a retry
 * can fix is retried (and only that), an endpoint that never answers is given up on at the request timeout, AWS is
 * reached at the regional endpoint with credentials from the environment, and documents survive the round trip
 * through dynalite unchanged.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createNodeDocumentClient } from "../../functions/node/dynamo-client.ts";
import { ensureTable, type DocumentClient } from "../../lib/store/index.ts";
import { isUnavailable } from "../../lib/store/errors.ts";
import { startTestDynamo, type TestDynamo } from "../helpers/test-store.ts";

type Answer = { status: number; body: unknown } | "reset" | "hang";

/** A loopback endpoint answering each request with the next scripted answer (the last one repeats). */
async function scriptedEndpoint(answers: Answer[]) {
  const seen: IncomingMessage[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen.push(req);
    const answer = answers[Math.min(seen.length - 1, answers.length - 1)]!;
    req.resume();
    if (answer === "hang") return;
    if (answer === "reset") return void req.socket.destroy();
    req.on("end", () => {
      res.writeHead(answer.status, { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": "scripted" });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

const error = (type: string, message: string) => ({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message });
const get = new GetCommand({ TableName: "t", Key: { pk: "a", sk: "b" } });

describe("the DynamoDB client (the SDK as configured in functions/node/dynamo-client.ts)", () => {
  let endpoint: Awaited<ReturnType<typeof scriptedEndpoint>> | undefined;
  afterEach(async () => endpoint?.close());

  it("gives DynamoDB's errors the SDK's names and status, without retrying a refused condition", async () => {
    endpoint = await scriptedEndpoint([{ status: 400, body: error("ConditionalCheckFailedException", "The conditional request failed") }]);
    const client = createNodeDocumentClient({ endpoint: endpoint.endpoint, region: "us-east-1" });
    const failure = (await client.send(new PutCommand({ TableName: "t", Item: { pk: "a", sk: "b" } })).catch((e: unknown) => e)) as Error & { $metadata: { httpStatusCode: number } };
    expect(failure.name).toBe("ConditionalCheckFailedException");
    expect(failure.$metadata.httpStatusCode).toBe(400);
    expect(isUnavailable(failure)).toBe(false);
    expect(endpoint.seen).toHaveLength(1);
  });

  it("retries throttling, 5xx and network failures, then succeeds", async () => {
    endpoint = await scriptedEndpoint([
      { status: 400, body: error("ProvisionedThroughputExceededException", "slow down") },
      { status: 500, body: error("InternalServerError", "oops") },
      "reset",
      { status: 200, body: { Item: { pk: { S: "a" }, sk: { S: "b" }, n: { N: "7" } } } },
    ]);
    const client = createNodeDocumentClient({ endpoint: endpoint.endpoint, region: "us-east-1", maxAttempts: 4 });
    expect((await client.send(get)).Item).toEqual({ pk: "a", sk: "b", n: 7 });
    expect(endpoint.seen).toHaveLength(4);
  });

  it("gives up after maxAttempts with an error callers answer 503 for", async () => {
    endpoint = await scriptedEndpoint(["reset"]);
    const client = createNodeDocumentClient({ endpoint: endpoint.endpoint, region: "us-east-1", maxAttempts: 3 });
    const failure = await client.send(get).catch((e: unknown) => e);
    expect(isUnavailable(failure)).toBe(true);
    expect(endpoint.seen).toHaveLength(3);
  });

  it("abandons an attempt that gets no answer after requestTimeoutMs, retries it, then fails as unavailable", async () => {
    endpoint = await scriptedEndpoint(["hang"]);
    const client = createNodeDocumentClient({ endpoint: endpoint.endpoint, region: "us-east-1", requestTimeoutMs: 150, maxAttempts: 2 });
    const failure = await client.send(get).catch((e: unknown) => e);
    expect((failure as Error).name).toBe("TimeoutError");
    expect(isUnavailable(failure)).toBe(true);
    expect(endpoint.seen).toHaveLength(2);
  });

  it("without an endpoint, signs for DynamoDB's regional endpoint (China's partition too) with the environment's credentials", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", AWS_SESSION_TOKEN: "session-token-example" });
    try {
      const client = createNodeDocumentClient({ region: "cn-north-1" });
      let sent: { hostname: string; headers: Record<string, string> } | undefined;
      // Stops the request once signed, before it would leave the machine.
      client.middlewareStack.add(
        (_next) => async (args) => {
          sent = args.request as typeof sent;
          throw new Error("captured");
        },
        { step: "finalizeRequest", priority: "low", name: "captureSigned" },
      );
      await expect(client.send(get)).rejects.toThrow("captured");
      expect(sent!.hostname).toBe("dynamodb.cn-north-1.amazonaws.com.cn");
      expect(sent!.headers["x-amz-target"]).toBe("DynamoDB_20120810.GetItem");
      expect(sent!.headers["x-amz-security-token"]).toBe("session-token-example");
      expect(sent!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/cn-north-1\/dynamodb\/aws4_request, SignedHeaders=[^,]*x-amz-target[^,]*, Signature=[0-9a-f]{64}$/);
    } finally {
      process.env = saved;
    }
  });
});

describe("ensureTable (the SDK's table waiter)", () => {
  let endpoint: Awaited<ReturnType<typeof scriptedEndpoint>> | undefined;
  afterEach(async () => endpoint?.close());
  const missing = { status: 400, body: error("ResourceNotFoundException", "Requested resource not found") };
  const creating = { status: 200, body: { Table: { TableName: "t", TableStatus: "CREATING" } } };
  const targets = () => endpoint!.seen.map((req) => String(req.headers["x-amz-target"]).replace("DynamoDB_20120810.", ""));

  it("creates a missing table and asks again while it is CREATING, until it is ACTIVE", async () => {
    endpoint = await scriptedEndpoint([
      missing,
      { status: 200, body: { TableDescription: { TableName: "t", TableStatus: "CREATING" } } },
      creating,
      creating,
      { status: 200, body: { Table: { TableName: "t", TableStatus: "ACTIVE" } } },
    ]);
    await ensureTable(createNodeDocumentClient({ endpoint: endpoint.endpoint, region: "us-east-1" }), "t");
    expect(targets()).toEqual(["DescribeTable", "CreateTable", "DescribeTable", "DescribeTable", "DescribeTable"]);
  });

  it("gives up at its deadline with an error naming the table when the table never becomes ACTIVE", async () => {
    endpoint = await scriptedEndpoint([missing, { status: 200, body: { TableDescription: { TableName: "t", TableStatus: "CREATING" } } }, creating]);
    const client = createNodeDocumentClient({ endpoint: endpoint.endpoint, region: "us-east-1" });
    await expect(ensureTable(client, "t", { maxWaitSeconds: 0.3 })).rejects.toThrow("store: table t did not become ACTIVE");
    expect(targets().slice(0, 3)).toEqual(["DescribeTable", "CreateTable", "DescribeTable"]);
  });

  it("leaves an existing table alone", async () => {
    endpoint = await scriptedEndpoint([{ status: 200, body: { Table: { TableName: "t", TableStatus: "ACTIVE" } } }]);
    await ensureTable(createNodeDocumentClient({ endpoint: endpoint.endpoint, region: "us-east-1" }), "t");
    expect(targets()).toEqual(["DescribeTable"]);
  });
});

describe("documents through the store (dynalite, or DYNAMODB_ENDPOINT)", () => {
  let dynamo: TestDynamo;
  const table = `codec-${randomUUID()}`;
  let client: DocumentClient;
  beforeAll(async () => {
    dynamo = await startTestDynamo();
    client = createNodeDocumentClient({ endpoint: dynamo.endpoint, region: "us-east-1" });
    await ensureTable(client, table);
  });
  afterAll(async () => {
    client.destroy();
    await dynamo.close();
  });

  it("come back exactly as written: Arabic text, numbers, booleans, null, lists, nested maps and sets", async () => {
    const item = {
      pk: "A#سوريا-١",
      sk: "A",
      title: "عنوان \u202B«مقتبس»\u202C – ٢٠٢٦",
      views: 1234567,
      ratio: 0.25,
      live: true,
      gone: null,
      tags: ["سياسة", "اقتصاد"],
      media: { image: { url: "https://anapress.net/i.jpg", width: 640 }, captions: [] },
      topics: new Set(["سوريا", "لبنان"]),
    };
    await client.send(new PutCommand({ TableName: table, Item: { ...item, dropped: undefined } }));
    const out = await client.send(new GetCommand({ TableName: table, Key: { pk: item.pk, sk: "A" }, ConsistentRead: true }));
    expect(out.Item).toEqual(item);
    expect(out.Item).not.toHaveProperty("dropped");
  });

  it("refuse a class instance (a Date) rather than storing it as an empty map", async () => {
    const failure = await client.send(new PutCommand({ TableName: table, Item: { pk: "D", sk: "A", at: new Date(0) } })).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(isUnavailable(failure)).toBe(false);
  });

  it("update with ReturnValues, and query pages with LastEvaluatedKey handed back as ExclusiveStartKey", async () => {
    for (let i = 0; i < 5; i++) await client.send(new PutCommand({ TableName: table, Item: { pk: "P#page", sk: `S#${i}`, n: i } }));
    const updated = await client.send(new UpdateCommand({
      TableName: table,
      Key: { pk: "P#page", sk: "S#0" },
      UpdateExpression: "ADD n :one",
      ExpressionAttributeValues: { ":one": 10 },
      ReturnValues: "ALL_NEW",
    }));
    expect(updated.Attributes).toEqual({ pk: "P#page", sk: "S#0", n: 10 });
    const seen: number[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(new QueryCommand({
        TableName: table,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": "P#page" },
        Limit: 2,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }));
      seen.push(...(page.Items ?? []).map((i) => i.n as number));
      start = page.LastEvaluatedKey;
    } while (start);
    expect(seen).toEqual([10, 1, 2, 3, 4]);
  });
});
