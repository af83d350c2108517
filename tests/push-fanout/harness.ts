/**
 * Push fan-out test bench: one DynamoDB (dynalite, or the one at DYNAMODB_ENDPOINT), one loopback push receiver, fresh
 * tables and services per test.
 */
import { randomUUID } from "node:crypto";
import { parseConfig } from "../../lib/config.ts";
import { createLogger } from "../../functions/node/logger.ts";
import webpush from "web-push";
import type { PushRuntime } from "../../lib/compose/push.ts";
import { createServices, type Services } from "../../lib/services.ts";
import { ensureTable } from "../../lib/store/index.ts";
import { startPushReceiver, type PushReceiver, type ReceiverSubscription } from "../helpers/push-receiver.ts";
import { startTestDynamo, type TestDynamo } from "../helpers/test-store.ts";
import { createNodeDocumentClient } from "../../functions/node/dynamo-client.ts";
import { createNodePushRuntime, type NodePushRuntime } from "../../functions/node/push-runtime.ts";

export const ADMIN = "test-admin-token-0123456789abcdef";

export interface Bench {
  dynamo: TestDynamo;
  receiver: PushReceiver;
  clock: { now: Date };
  vapid: { publicKey: string; privateKey: string };
  /** The production push runtime (undici, node:crypto HMAC) trusting the receiver's certificate. */
  runtime: NodePushRuntime;
  close(): Promise<void>;
}

export async function startBench(): Promise<Bench> {
  const clock = { now: new Date("2025-01-10T10:00:00.000Z") };
  const dynamo = await startTestDynamo();
  const receiver = await startPushReceiver({ now: () => clock.now.getTime() });
  const vapid = webpush.generateVAPIDKeys();
  const runtime = createNodePushRuntime({ connections: 32, ca: receiver.ca });
  return {
    dynamo, receiver, clock, vapid, runtime,
    async close() {
      await runtime.close();
      await receiver.close();
      await dynamo.close();
    },
  };
}

export type PushServices = Services & { table: string; close(): void };

/** Services over `table` (a new one by default), sending to the bench's receiver with a fast sleep. */
export async function pushServices(
  bench: Bench,
  /** `endpoint`: another way to the same DynamoDB (a fault proxy in front of bench.dynamo). */
  options: { table?: string; env?: Record<string, string>; runtime?: PushRuntime; endpoint?: string } = {},
): Promise<PushServices> {
  const table = options.table ?? `push-${randomUUID()}`;
  const client = createNodeDocumentClient({ endpoint: options.endpoint ?? bench.dynamo.endpoint, region: "us-east-1" });
  await ensureTable(client, table);
  const parsed = parseConfig({
    TABLE_NAME: table,
    PUBLIC_BASE_URL: "https://news.example",
    VAPID_PUBLIC_KEY: bench.vapid.publicKey,
    VAPID_PRIVATE_KEY: bench.vapid.privateKey,
    PUSH_ALLOWED_HOSTS: `127.0.0.1:${bench.receiver.port}`,
    SUB_SHARDS: "4",
    ...options.env,
  });
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  const services = await createServices({
    config: parsed.config,
    client,
    adminToken: ADMIN,
    logger: createLogger({ level: "silent", write: () => {} }),
    now: () => bench.clock.now,
    push: {
      transport: bench.runtime.transport,
      hmac: bench.runtime.hmac,
      sleep: async () => {},
      rng: () => 0.5,
      ...options.runtime,
    },
    peerAddress: (c) => c.req.header("x-test-peer") ?? "198.51.100.1",
  });
  return { ...services, table, close: async () => {} };
}

export function api(s: Services, path: string, init: RequestInit & { json?: unknown; admin?: boolean } = {}) {
  const headers = new Headers(init.headers);
  if (init.admin) headers.set("authorization", `Bearer ${ADMIN}`);
  if (init.json !== undefined) headers.set("content-type", "application/json");
  return s.app.request(path, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : (init.body ?? null) });
}

/** Subscribes a fresh receiver endpoint through the HTTP API. */
export async function subscribe(bench: Bench, s: Services, prefs: Record<string, unknown> = {}): Promise<ReceiverSubscription> {
  const sub = bench.receiver.subscribe();
  // A distinct client address each time, so the subscribe rate limit stays out of the way.
  const peer = `203.0.113.${Math.floor(Math.random() * 250)}-${randomUUID()}`;
  const res = await api(s, "/api/push/subscriptions", { method: "POST", json: { ...sub.subscription, ...prefs }, headers: { "x-test-peer": peer } });
  if (res.status !== 201) throw new Error(`subscribe: ${res.status} ${await res.text()}`);
  return sub;
}

export function article(id: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    title: `عنوان الخبر ${id}`,
    url: `https://news.example/ar/${id}`,
    summary: "ملخص الخبر باللغة العربية.",
    contentHtml: "<p>نص</p>",
    category: "سياسة",
    publishedAt: "2025-01-10T09:00:00.000Z",
    ...extra,
  };
}

export async function publish(s: Services, body: Record<string, unknown>) {
  const res = await api(s, "/api/articles", { method: "POST", json: body, admin: true });
  if (res.status >= 300) throw new Error(`publish: ${res.status} ${await res.text()}`);
  await s.push!.idle();
}

export const messagesFor = (bench: Bench, sub: ReceiverSubscription) => bench.receiver.received.filter((m) => m.endpointId === sub.endpointId);
