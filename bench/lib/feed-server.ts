/**
 * One benchmark server per child process, started over IPC: "ours" (the real server of `npm start`),
 * "bare" (node:http answering fixed bytes from a Buffer) or "render" (store Query + renderRss per request).
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { PerformanceObserver } from "node:perf_hooks";
import { createNodeServer } from "../../functions/node/server.ts";
import { createFeedFastPath } from "../../functions/node/feed-fast-path.ts";
import { parseConfig, type Config } from "../../lib/config.ts";
import { buildFeedDocument, lastChange } from "../../lib/feeds/document.ts";
import { renderRss } from "../../lib/feeds/rss.ts";
import { FORMATS } from "../../lib/feeds/formats.ts";
import { cacheControl } from "../../lib/http/cached-response.ts";
import { createLogger } from "../../functions/node/logger.ts";
import { createServices } from "../../lib/services.ts";
import { ALL_FEED } from "../../lib/store/index.ts";
import { nodeCompressors } from "../../functions/node/compress.ts";
import { publicAssets } from "../../functions/node/assets.ts";
import { countDbCalls, type DbCalls } from "../../tests/helpers/test-store.ts";
import { createNodeDocumentClient } from "../../functions/node/dynamo-client.ts";

export const BENCH_ADMIN_TOKEN = "bench-admin-token-0123456789abcdef";

/** What the parent sends to start a server. */
export type StartMessage =
  | { type: "start"; kind: "ours" | "render"; endpoint: string; env: Record<string, string> }
  | { type: "start"; kind: "bare"; etag: string; body: Uint8Array; br: Uint8Array; headers200: OutgoingHttpHeaders; headersBr: OutgoingHttpHeaders; headers304: OutgoingHttpHeaders };

/** What the child reports on request: its CPU time and the DynamoDB commands it sent so far. */
export interface ServerStats {
  type: "stats";
  cpuMicros: number;
  userMicros: number;
  systemMicros: number;
  /** Time in V8 garbage collection pauses so far, and how many. */
  gcMs: number;
  gcCount: number;
  sdkCalls: number;
  sdkNames: Record<string, number>;
}

/** The bench's config: defaults (FEED_REVALIDATE_SECONDS=5) plus the table, base URL and log level given. */
export function benchConfig(env: Record<string, string>): Config {
  const parsed = parseConfig({ PUBLIC_BASE_URL: "https://news.example", DEMO: "0", ...env });
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  return parsed.config;
}

async function startOurs(endpoint: string, env: Record<string, string>) {
  const config = benchConfig(env);
  const client = createNodeDocumentClient({ region: config.awsRegion, endpoint });
  const calls = countDbCalls(client);
  // As in functions/local.ts: one JSON line per request on stdout (the parent points stdout at /dev/null).
  const logger = createLogger({ level: config.logLevel, secrets: [BENCH_ADMIN_TOKEN] });
  const services = await createServices({
    config,
    client,
    adminToken: BENCH_ADMIN_TOKEN,
    logger,
    compress: nodeCompressors,
    loadAsset: publicAssets(new URL("../../public/", import.meta.url)),
  });
  // The same server `npm start` runs: the fast path for fresh cached feeds, then the Hono app.
  const feedFastPath = createFeedFastPath({ cache: services.cache, config, logger });
  return { port: await listen(createNodeServer({ app: services.app, feedFastPath })), calls };
}

/** The naive server: every request reads the store and renders, hashes and compares the feed anew. */
async function startRender(endpoint: string, env: Record<string, string>) {
  const config = benchConfig(env);
  const client = createNodeDocumentClient({ region: config.awsRegion, endpoint });
  const calls = countDbCalls(client);
  const { store } = await createServices({ config, client, adminToken: BENCH_ADMIN_TOKEN, logger: createLogger({ level: "silent", write: () => {} }) });
  const policy = cacheControl({
    maxAge: config.feeds.maxAge,
    sMaxAge: config.feeds.sMaxAge,
    staleWhileRevalidate: config.feeds.staleWhileRevalidate,
    staleIfError: config.feeds.staleIfError,
  });
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const page = await store.articles.list(ALL_FEED, { limit: config.feeds.pageSize });
    if (page === "bad-cursor") throw new Error("bench: unexpected bad cursor");
    const xml = renderRss(
      buildFeedDocument({
        siteTitle: config.siteTitle,
        siteDescription: config.siteDescription,
        baseUrl: config.publicBaseUrl,
        // The app's feeds carry the site's time zone for their browser view (lib/http/app.ts passes it).
        timeZone: config.siteTimeZone,
        homePath: "/",
        path: `/feeds/${FORMATS.rss.file}`,
        items: page.items,
        ...(page.version ? { changedAt: page.version.changedAt } : {}),
      }),
    );
    const body = Buffer.from(xml, "utf8");
    const etag = `"${createHash("sha256").update(body).digest().subarray(0, 18).toString("base64url")}"`;
    const headers: OutgoingHttpHeaders = {
      "content-type": FORMATS.rss.contentType,
      etag,
      "last-modified": lastChange(page.items, page.version?.changedAt).toUTCString(),
      "cache-control": policy,
      vary: "Accept-Encoding",
      "access-control-allow-origin": "*",
      "x-content-type-options": "nosniff",
    };
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, headers).end();
      return;
    }
    res.writeHead(200, { ...headers, "content-length": body.byteLength }).end(body);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error(error);
      res.writeHead(500).end();
    });
  });
  return { port: await listen(server), calls };
}

/** The floor: the same bytes and headers as ours, from memory, with only the If-None-Match and br checks. */
async function startBare(m: Extract<StartMessage, { kind: "bare" }>) {
  const body = Buffer.from(m.body);
  const br = Buffer.from(m.br);
  const server = createServer((req, res) => {
    if (req.headers["if-none-match"] === m.etag) {
      res.writeHead(304, m.headers304).end();
      return;
    }
    if (req.headers["accept-encoding"]?.includes("br")) {
      res.writeHead(200, m.headersBr).end(br);
      return;
    }
    res.writeHead(200, m.headers200).end(body);
  });
  return { port: await listen(server), calls: undefined };
}

function listen(server: ReturnType<typeof createServer>): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

if (process.send) {
  let calls: DbCalls | undefined;
  let gcMs = 0;
  let gcCount = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcMs += entry.duration;
      gcCount++;
    }
  }).observe({ type: "gc" });
  process.on("message", async (m: StartMessage | { type: "stats" }) => {
    if (m.type === "start") {
      const started = m.kind === "bare" ? await startBare(m) : m.kind === "ours" ? await startOurs(m.endpoint, m.env) : await startRender(m.endpoint, m.env);
      calls = started.calls;
      process.send!({ type: "ready", port: started.port });
    } else if (m.type === "stats") {
      const cpu = process.cpuUsage();
      const sdkNames: Record<string, number> = {};
      for (const name of calls?.names ?? []) sdkNames[name] = (sdkNames[name] ?? 0) + 1;
      const stats: ServerStats = { type: "stats", cpuMicros: cpu.user + cpu.system, userMicros: cpu.user, systemMicros: cpu.system, gcMs, gcCount, sdkCalls: calls?.names.length ?? 0, sdkNames };
      process.send!(stats);
    }
  });
  process.on("disconnect", () => process.exit(0));
  // An orderly exit on the parent's kill, so NODE_OPTIONS="--cpu-prof --cpu-prof-dir=…" leaves a profile per server.
  process.on("SIGTERM", () => process.exit(0));
}
