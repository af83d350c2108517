/**
 * A real store for tests: dynalite on a random loopback port through the AWS SDK, or the endpoint in
 * DYNAMODB_ENDPOINT (DynamoDB Local, say) so the same tests run against another implementation.
 */
import { randomUUID } from "node:crypto";
import { parseConfig, type Config } from "../../lib/config.ts";
import { createLogger } from "../../functions/node/logger.ts";
import { createServices } from "../../lib/services.ts";
import type { ChangeListener } from "../../lib/articles/service.ts";
import type { Compressors } from "../../lib/feeds/render-cache.ts";
import type { AssetLoader } from "../../lib/http/static-routes.ts";
import { ensureTable, type DocumentClient } from "../../lib/store/index.ts";
import { startEmbeddedDynamo, type EmbeddedDynamo } from "../../functions/node/embedded-dynamo.ts";
import { createNodeDocumentClient } from "../../functions/node/dynamo-client.ts";
import { createFeedFastPath } from "../../functions/node/feed-fast-path.ts";

export interface TestDynamo {
  endpoint: string;
  close(): Promise<void>;
}

/**
 * The DynamoDB a test talks to: the one at DYNAMODB_ENDPOINT when set (another implementation, shared by every test,
 * each on its own tables), otherwise a fresh dynalite on a random loopback port.
 */
export async function startTestDynamo(): Promise<TestDynamo> {
  return SHARED_ENDPOINT ? { endpoint: SHARED_ENDPOINT, close: async () => {} } : startEmbeddedDynamo();
}

/** Read once at load: Lambda tests set DYNAMODB_ENDPOINT in process.env for the handler they start. */
const SHARED_ENDPOINT = process.env.DYNAMODB_ENDPOINT;

export const TEST_ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

export interface DbCalls {
  /** Operations sent since the last reset, e.g. ["GetItem", "PutItem"]. */
  names: string[];
  reset(): void;
}

/**
 * Counts every operation the client sends, named as DynamoDB names it ("GetItem"), once per operation rather than per
 * retry: SDK middleware at the initialize step, which runs once per send() before the retry loop.
 */
export function countDbCalls(client: DocumentClient): DbCalls {
  const calls: DbCalls = { names: [], reset: () => void (calls.names.length = 0) };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      calls.names.push(String(context.commandName).replace(/Command$/, ""));
      return next(args);
    },
    { step: "initialize", name: "countDbCalls" },
  );
  return calls;
}

export interface TestStoreOptions {
  path?: string;
  now?: () => Date;
  listeners?: ChangeListener[];
  config?: Record<string, string>;
  tableName?: string;
  endpoint?: string;
  /** Per-attempt timeout of the DynamoDB client (fault tests shorten it). */
  requestTimeoutMs?: number;
  compress?: Compressors;
  vapidPublicKey?: string;
  loadAsset?: AssetLoader;
}

export async function startTestServices(options: TestStoreOptions = {}) {
  let embedded: EmbeddedDynamo | undefined;
  const endpoint =
    options.endpoint ?? SHARED_ENDPOINT ?? (embedded = await startEmbeddedDynamo(options.path ? { path: options.path } : {})).endpoint;
  const tableName = options.tableName ?? `test-${randomUUID()}`;
  const client = createNodeDocumentClient({ endpoint, region: "us-east-1", ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}) });
  await ensureTable(client, tableName);
  const parsed = parseConfig({ TABLE_NAME: tableName, PUBLIC_BASE_URL: "https://news.example", LOG_LEVEL: "debug", ...options.config });
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  const config: Config = parsed.config;
  const logLines: string[] = [];
  const logger = createLogger({ level: "debug", write: (line) => logLines.push(line), secrets: [TEST_ADMIN_TOKEN] });
  const calls = countDbCalls(client);
  const services = await createServices({
    config,
    client,
    adminToken: TEST_ADMIN_TOKEN,
    logger,
    ...(options.listeners ? { listeners: options.listeners } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.compress ? { compress: options.compress } : {}),
    ...(options.vapidPublicKey ? { vapidPublicKey: options.vapidPublicKey } : {}),
    ...(options.loadAsset ? { loadAsset: options.loadAsset } : {}),
  });
  return {
    ...services,
    // The Node server's fast path over this app's render cache (functions/node/server.ts takes app and fast path).
    feedFastPath: createFeedFastPath({ cache: services.cache, config, logger }),
    client,
    config,
    endpoint,
    tableName,
    calls,
    logLines,
    async close() {
      client.destroy();
      await embedded?.close();
    },
  };
}

export type TestServices = Awaited<ReturnType<typeof startTestServices>>;

/** Sends a request through the app in-process, as the API's users would. */
export function request(t: TestServices, path: string, init: RequestInit & { json?: unknown; admin?: boolean } = {}) {
  const headers = new Headers(init.headers);
  if (init.admin) headers.set("authorization", `Bearer ${TEST_ADMIN_TOKEN}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  return t.app.request(path, { ...init, headers, body: body ?? null });
}
