/** `npm start`: the whole service on one machine — embedded DynamoDB, the Hono app on Node, the sweeper. */
import type { AddressInfo } from "node:net";
import { getConnInfo } from "@hono/node-server/conninfo";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseConfig } from "../lib/config.ts";
import { loadDemo, type DemoArticle } from "../lib/demo.ts";
import { createLogger } from "./node/logger.ts";
import { createServices } from "../lib/services.ts";
import { ensureTable } from "../lib/store/index.ts";
import { warmUpSanitizer } from "../lib/articles/normalize.ts";
import { startEmbeddedDynamo } from "./node/embedded-dynamo.ts";
import { repairWorkIndex } from "./node/work-index-repair.ts";
import { persistedSecret, randomToken } from "./node/local-secrets.ts";
import { nodeCompressors } from "./node/compress.ts";
import { createNodeServer } from "./node/server.ts";
import { createFeedFastPath } from "./node/feed-fast-path.ts";
import { publicAssets } from "./node/assets.ts";
import webpush from "web-push";
import { createNodePushRuntime } from "./node/push-runtime.ts";
import { createNodeDocumentClient } from "./node/dynamo-client.ts";

const parsed = parseConfig(process.env);
if (!parsed.ok) {
  console.error(`Invalid configuration:\n  ${parsed.errors.join("\n  ")}`);
  process.exit(1);
}
const config = parsed.config;
await mkdir(config.dataDir, { recursive: true });

const hasAwsCredentials = Boolean(process.env.AWS_ACCESS_KEY_ID || process.env.AWS_PROFILE || process.env.AWS_WEB_IDENTITY_TOKEN_FILE);
const embedded = !config.dynamodbEndpoint && !hasAwsCredentials ? await startEmbeddedDynamo({ path: join(config.dataDir, "dynamodb") }) : undefined;
const endpoint = embedded?.endpoint ?? config.dynamodbEndpoint;

const token = config.adminToken
  ? { value: config.adminToken, created: false, path: "" }
  : await persistedSecret(config.dataDir, "admin-token", randomToken);
// Locally, VAPID keys are generated once into DATA_DIR/vapid-keys when not given; the private key is never logged.
if (!config.push.vapidPrivateKey) {
  const fresh = webpush.generateVAPIDKeys();
  const stored = await persistedSecret(config.dataDir, "vapid-keys", () => JSON.stringify(fresh));
  const keys = JSON.parse(stored.value) as { publicKey: string; privateKey: string };
  config.push = { ...config.push, vapidPublicKey: keys.publicKey, vapidPrivateKey: keys.privateKey };
}
const logger = createLogger({
  level: config.logLevel,
  secrets: [token.value, ...(config.push.vapidPrivateKey ? [config.push.vapidPrivateKey] : [])],
});
// web-push's encryption over undici HTTP/1.1 keep-alive, PUSH_CONCURRENCY connections per push service.
const pushRuntime = createNodePushRuntime({ connections: config.push.concurrency });

// Pointed at AWS, credentials come as the AWS CLI finds them (environment, profiles, SSO, web identity): the SDK's chain.
const client = createNodeDocumentClient({ region: config.awsRegion, ...(endpoint ? { endpoint } : {}) });
await ensureTable(client, config.tableName);
if (embedded?.uncleanShutdown) {
  // Before anything reads the work index: a kill can leave dynalite's index out of step with its items.
  const started = Date.now();
  const repaired = await repairWorkIndex({ client, table: config.tableName, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), random: Math.random });
  logger.warn("store was not closed cleanly; work index checked", { ...repaired, ms: Date.now() - started });
}
const services = await createServices({
  config,
  client,
  adminToken: token.value,
  logger,
  compress: nodeCompressors,
  loadAsset: publicAssets(new URL("../public/", import.meta.url)),
  push: { transport: pushRuntime.transport, hmac: pushRuntime.hmac },
  peerAddress: (c) => getConnInfo(c).remote.address,
});
const feedFastPath = createFeedFastPath({ cache: services.cache, config, logger });

if (config.demo) {
  const demo = JSON.parse(await readFile(new URL("../data/demo-articles.json", import.meta.url), "utf8")) as { articles: DemoArticle[] };
  const loaded = await loadDemo(services.store, services.service, demo.articles);
  if (loaded > 0) logger.info("demo articles loaded", { count: loaded });
}

// First-use costs of the store path and the sanitiser, paid once the server listens instead of by the first publish;
// writes nothing (lib/store/warm-up.ts). A failure costs only the head start.
const warmUp = async () => {
  const started = performance.now();
  try {
    await services.store.warmUp();
    await warmUpSanitizer();
    logger.debug("warmed up", { ms: Math.round(performance.now() - started) });
  } catch (error) {
    logger.warn("warm-up failed", { error: error instanceof Error ? error.message : String(error) });
  }
};

const server = createNodeServer({ app: services.app, feedFastPath }).listen(config.port, process.env.HOST ?? "127.0.0.1", () => {
  const info = server.address() as AddressInfo;
  console.log(`Arabic news feeds: http://localhost:${info.port}  (store: ${embedded ? `embedded dynalite in ${join(config.dataDir, "dynamodb")}` : endpoint ?? "AWS DynamoDB"})`);
  if (token.created) {
    // Printed once, when generated; a token given in the environment is never printed.
    console.log(`Generated admin token (kept in ${token.path}): ${token.value}`);
  } else if (token.path) {
    console.log(`Admin token: see ${token.path}`);
  }
});
const warmedUp = new Promise((resolve) => server.once("listening", resolve)).then(warmUp);

// The sweeper: finishes syncs and notifications a crash interrupted.
// The two halves run independently: an article that cannot be synced must not stop pushes from being finished.
const sweep = async () => {
  const failed = (part: string) => (error: unknown) =>
    logger.warn("sweeper failed", { part, error: error instanceof Error ? error.message : String(error) });
  // Sweeps can outlast a short interval; never run two at once.
  if (sweepRunning) return;
  sweepRunning = true;
  try {
    await services.service
      .repair()
      .then((repaired) => repaired > 0 && logger.info("sweeper repaired articles", { count: repaired }))
      .catch(failed("articles"));
    await services.push
      ?.sweepPush()
      .then((push) => push.notifications + push.batches > 0 && logger.info("sweeper resumed push work", push))
      .catch(failed("push"));
  } finally {
    sweepRunning = false;
  }
};
let sweepRunning = false;
// The first sweep after the warm-up, not beside it: both would compete for the one thread.
await warmedUp;
await sweep();
const sweeper = setInterval(sweep, config.sweepIntervalSeconds * 1000);
sweeper.unref();

const shutdown = async () => {
  clearInterval(sweeper);
  server.close();
  // Give queued WebSub pings a moment; their retries could otherwise hold shutdown for minutes.
  await Promise.race([services.websub?.idle(), new Promise((resolve) => setTimeout(resolve, 5_000))]);
  await Promise.race([services.push?.idle(), new Promise((resolve) => setTimeout(resolve, 5_000))]);
  await Promise.race([pushRuntime.close(), new Promise((resolve) => setTimeout(resolve, 1_000))]);
  await embedded?.close();
  process.exit(0);
};
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
