/**
 * Our DynamoDB client on the wire: requests signed exactly as the AWS SDK's own SigV4 signer signs them (dynalite
 * accepts any signature, so this is what stands in for AWS checking it), the SDK's error names, retries of what a
 * retry can fix and only that, and documents that survive the round trip through dynalite unchanged.
 */
import { createHash, createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedDynamo, type EmbeddedDynamo } from "../../functions/node/embedded-dynamo.ts";
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from "../../lib/store/commands.ts";
import { ensureTable, type DocumentClient } from "../../lib/store/index.ts";
import { createNodeDocumentClient, nodeSigV4 } from "../../functions/node/dynamo-client.ts";
import { createJsonProtocol, DynamoDbError, NetworkError, dynamoDbEndpoint, fetchPost } from "../../lib/store/json-protocol.ts";
import { isUnavailable } from "../../lib/store/errors.ts";

/** SHA-256 for the SDK signer, from node:crypto (the shape @smithy/signature-v4 expects). */
class Sha256 {
  private readonly h;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView) {
    this.h.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
}

const bytes = (data: string | ArrayBuffer | ArrayBufferView) =>
  typeof data === "string" ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);

type Seen = { url: string; headers: Record<string, string>; body: string };

/** A fetch that records what would have been sent and answers with the given responses in turn. */
function recordingFetch(answers: Array<{ status: number; body: unknown } | Error>) {
  const seen: Seen[] = [];
  const fn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    seen.push({ url: String(input), headers: Object.fromEntries(new Headers(init?.headers).entries()), body: String(init?.body) });
    const answer = answers[Math.min(seen.length - 1, answers.length - 1)]!;
    if (answer instanceof Error) throw answer;
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { "content-type": "application/x-amz-json-1.0" } });
  }) as typeof fetch;
  return { fetch: fn, seen };
}

const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "session-token-example" };
const noSleep = async () => {};

describe("the DynamoDB JSON protocol client", () => {
  it("signs each request exactly as the AWS SDK's SigV4 signer does, session token included", async () => {
    const { fetch, seen } = recordingFetch([{ status: 200, body: {} }]);
    const protocol = createJsonProtocol({ region: "eu-west-1", credentials: () => credentials, requestTimeoutMs: 1000, maxAttempts: 1, post: fetchPost(fetch), sigv4: nodeSigV4 });
    await protocol.call("GetItem", { TableName: "news", Key: { pk: { S: "A#خبر" }, sk: { S: "A" } } });
    const sent = seen[0]!;
    expect(sent.url).toBe("https://dynamodb.eu-west-1.amazonaws.com/");
    expect(sent.headers["x-amz-target"]).toBe("DynamoDB_20120810.GetItem");
    expect(sent.headers["content-type"]).toBe("application/x-amz-json-1.0");
    expect(sent.headers["x-amz-security-token"]).toBe(credentials.sessionToken);

    const amzDate = sent.headers["x-amz-date"]!;
    const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
    const sdk = new SignatureV4({ service: "dynamodb", region: "eu-west-1", credentials, sha256: Sha256, applyChecksum: false });
    const reference = await sdk.sign(
      {
        method: "POST",
        protocol: "https:",
        hostname: "dynamodb.eu-west-1.amazonaws.com",
        path: "/",
        headers: {
          host: "dynamodb.eu-west-1.amazonaws.com",
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": "DynamoDB_20120810.GetItem",
        },
        body: sent.body,
      },
      { signingDate },
    );
    expect(sent.headers.authorization).toBe(String(reference.headers.authorization));
  });

  it("names the endpoint for the China partition as AWS does", () => {
    expect(dynamoDbEndpoint("cn-north-1")).toBe("https://dynamodb.cn-north-1.amazonaws.com.cn");
  });

  it("gives DynamoDB's errors the SDK's names and status, without retrying a refused condition", async () => {
    const { fetch, seen } = recordingFetch([
      { status: 400, body: { __type: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", message: "The conditional request failed" } },
    ]);
    const protocol = createJsonProtocol({ region: "eu-west-1", credentials: () => credentials, requestTimeoutMs: 1000, maxAttempts: 3, post: fetchPost(fetch), sigv4: nodeSigV4, sleep: noSleep });
    const error = await protocol.call("PutItem", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DynamoDbError);
    expect((error as DynamoDbError).name).toBe("ConditionalCheckFailedException");
    expect((error as DynamoDbError).$metadata.httpStatusCode).toBe(400);
    expect(isUnavailable(error)).toBe(false);
    expect(seen).toHaveLength(1);
  });

  it("retries throttling, 5xx and network failures, then succeeds", async () => {
    const { fetch, seen } = recordingFetch([
      { status: 400, body: { __type: "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException", message: "slow down" } },
      new TypeError("fetch failed", { cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }) }),
      { status: 200, body: { Item: { pk: { S: "x" } } } },
    ]);
    const delays: number[] = [];
    const protocol = createJsonProtocol({
      region: "eu-west-1",
      credentials: () => credentials,
      requestTimeoutMs: 1000,
      maxAttempts: 3,
      post: fetchPost(fetch),
      sigv4: nodeSigV4,
      random: () => 1,
      sleep: async (ms) => void delays.push(ms),
    });
    expect(await protocol.call("GetItem", {})).toEqual({ Item: { pk: { S: "x" } } });
    expect(seen).toHaveLength(3);
    // Throttling backs off from 500 ms, other failures from 100 ms, doubling per attempt (jitter pinned at its top).
    expect(delays).toEqual([1000, 400]);
  });

  it("gives up after maxAttempts with an error callers answer 503 for", async () => {
    const { fetch, seen } = recordingFetch([new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) })]);
    const protocol = createJsonProtocol({ region: "eu-west-1", credentials: () => credentials, requestTimeoutMs: 1000, maxAttempts: 3, post: fetchPost(fetch), sigv4: nodeSigV4, sleep: noSleep });
    const error = await protocol.call("Query", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(isUnavailable(error)).toBe(true);
    expect(seen).toHaveLength(3);
  });

  it("abandons an attempt that gets no answer after requestTimeoutMs, retries it, then fails as unavailable", async () => {
    let requests = 0;
    const hanging = createServer(() => void requests++);
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    try {
      const client = createNodeDocumentClient({
        endpoint: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`,
        region: "us-east-1",
        requestTimeoutMs: 150,
        maxAttempts: 2,
      });
      const error = await client.send(new GetCommand({ TableName: "t", Key: { pk: "a", sk: "b" } })).catch((e: unknown) => e);
      expect((error as Error).name).toBe("TimeoutError");
      expect(isUnavailable(error)).toBe(true);
      expect(requests).toBe(2);
    } finally {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });

  it("refuses to start without credentials when pointed at AWS", () => {
    expect(() => createNodeDocumentClient({ region: "eu-west-1" })).toThrow(/credentials/);
  });
});

describe("documents through dynalite", () => {
  let dynamo: EmbeddedDynamo;
  let client: DocumentClient;
  beforeAll(async () => {
    dynamo = await startEmbeddedDynamo();
    client = createNodeDocumentClient({ endpoint: dynamo.endpoint, region: "us-east-1" });
    await ensureTable(client, "codec");
  });
  afterAll(async () => dynamo.close());

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
    await client.send(new PutCommand({ TableName: "codec", Item: { ...item, dropped: undefined } }));
    const out = await client.send(new GetCommand({ TableName: "codec", Key: { pk: item.pk, sk: "A" }, ConsistentRead: true }));
    expect(out.Item).toEqual(item);
    expect(out.Item).not.toHaveProperty("dropped");
  });

  it("update with ReturnValues, and query pages with LastEvaluatedKey handed back as ExclusiveStartKey", async () => {
    for (let i = 0; i < 5; i++) await client.send(new PutCommand({ TableName: "codec", Item: { pk: "P#page", sk: `S#${i}`, n: i } }));
    const updated = await client.send(new UpdateCommand({
      TableName: "codec",
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
        TableName: "codec",
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
