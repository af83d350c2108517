/**
 * Diagnostic (not part of npm run bench): per-request CPU of Hono's own etag() + compress() middleware against our
 * prebuilt responses (lib/http/cached-response.ts: ETag hashed and gzip/br compressed once per render) for the same
 * rendered Arabic RSS feed (50 bench articles): 200 identity, 200 gzip, 304.
 *
 * Both sides are a Hono app with one route, called in-process through app.fetch (no sockets), every body read to the
 * end. Hono's side gets the rendered bytes as cached as ours (only the per-request work differs), compress() outside
 * etag() so the tag is hashed over the identity bytes and a 304 compresses nothing. CPU is process.cpuUsage (user +
 * system, every thread: CompressionStream's zlib work is counted). Rounds alternate which side goes first; the figures
 * are medians over rounds, with the median of the per-round ratios.
 * Env: ROUNDS (default 7), REQUESTS per side, case and round (default 1000).
 * Run: flock /tmp/cpu.lock npx tsx bench/diag/hono-etag-compress.ts
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { Hono } from "hono";
import { compress } from "hono/compress";
import { etag } from "hono/etag";
import { createNodeDocumentClient } from "../../functions/node/dynamo-client.ts";
import { nodeCompressors } from "../../functions/node/compress.ts";
import { startEmbeddedDynamo } from "../../functions/node/embedded-dynamo.ts";
import { createLogger } from "../../functions/node/logger.ts";
import { cachedResponse } from "../../lib/http/cached-response.ts";
import { feedCachePolicy, feedProfiles } from "../../lib/http/feed-responses.ts";
import { createRenderCache, type RenderedDocument } from "../../lib/feeds/render-cache.ts";
import { createServices } from "../../lib/services.ts";
import { ensureTable } from "../../lib/store/index.ts";
import { BENCH_ADMIN_TOKEN, benchConfig } from "../lib/feed-server.ts";
import { publishBenchArticles } from "../lib/seed-articles.ts";

const ROUNDS = Number(process.env.ROUNDS ?? 7);
const REQUESTS = Number(process.env.REQUESTS ?? 1000);
const URL_ = "https://news.example/feeds/rss.xml";
const HONO_VERSION = (JSON.parse(readFileSync(new URL("../../node_modules/hono/package.json", import.meta.url), "utf8")) as { version: string }).version;

// The feed as the service renders it (the SDK's Node 20 notice would only clutter the figures).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const dynamo = await startEmbeddedDynamo();
const env = { TABLE_NAME: "bench-hono-etag" };
const config = benchConfig(env);
const client = createNodeDocumentClient({ region: config.awsRegion, endpoint: dynamo.endpoint });
await ensureTable(client, env.TABLE_NAME);
const services = await createServices({ config, client, adminToken: BENCH_ADMIN_TOKEN, logger: createLogger({ level: "silent", write: () => {} }) });
await publishBenchArticles(services.service, 50);
const rendered = await services.app.fetch(new Request(URL_));
const text = await rendered.text();
const lastModified = new Date(rendered.headers.get("last-modified")!);
client.destroy();
await dynamo.close();

// Ours: rendered once, hashed and compressed once (what the render cache does on a change).
const cache = createRenderCache({ now: () => 0, revalidateMs: Number.POSITIVE_INFINITY, maxEntries: 1, compress: nodeCompressors });
const doc = (await cache.get("rss", [], async () => ({ version: "1", lastModified, render: () => text }))) as RenderedDocument;
const profile = feedProfiles(feedCachePolicy(config)).of("rss", undefined);
const ours = new Hono().get("/feeds/rss.xml", (c) => cachedResponse(c.req.raw, doc, profile));

// Hono's: the same bytes and headers, the validator and the coding left to its middleware on every request.
const { etag: _etag, "content-length": _length, ...staticHeaders } = Object.fromEntries((await ours.fetch(new Request(URL_))).headers);
const hono = new Hono();
hono.use(compress());
hono.use(etag());
hono.get("/feeds/rss.xml", (c) => c.body(doc.body as Uint8Array<ArrayBuffer>, 200, staticHeaders));

const apps = { ours, hono } as const;
type Side = keyof typeof apps;
const tags: Record<Side, string> = {
  ours: (await ours.fetch(new Request(URL_))).headers.get("etag")!,
  hono: (await hono.fetch(new Request(URL_))).headers.get("etag")!,
};
const CASES = {
  "200 identity": (_: Side) => ({}),
  "200 gzip": (_: Side) => ({ "accept-encoding": "gzip" }),
  "304 (If-None-Match)": (side: Side) => ({ "if-none-match": tags[side] }),
} as const;
type Case = keyof typeof CASES;

// Both sides answer each case the same way before anything is timed.
for (const side of ["ours", "hono"] as const) {
  for (const [name, headers] of Object.entries(CASES) as [Case, (s: Side) => Record<string, string>][]) {
    const res = await apps[side].fetch(new Request(URL_, { headers: headers(side) }));
    const body = new Uint8Array(await res.arrayBuffer());
    const expected = name.startsWith("304") ? 304 : 200;
    const coding = res.headers.get("content-encoding");
    const plain = coding === "gzip" ? new TextDecoder().decode(gunzipSync(body)) : new TextDecoder().decode(body);
    if (res.status !== expected || (name === "200 gzip") !== (coding === "gzip") || (expected === 200 && plain !== text)) {
      throw new Error(`${side} ${name}: status ${res.status}, coding ${coding}, body ${plain.length} chars`);
    }
  }
}
const brotli = await hono.fetch(new Request(URL_, { headers: { "accept-encoding": "br" } }));
const gzipBytes = async (side: Side) => (await (await apps[side].fetch(new Request(URL_, { headers: { "accept-encoding": "gzip" } }))).arrayBuffer()).byteLength;

async function cpuPerRequest(side: Side, name: Case): Promise<number> {
  const headers = CASES[name](side);
  const app = apps[side];
  const before = process.cpuUsage();
  for (let i = 0; i < REQUESTS; i++) {
    const res = await app.fetch(new Request(URL_, { headers }));
    await res.arrayBuffer();
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / REQUESTS;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows: Record<Case, Record<Side, number[]>> = {
  "200 identity": { ours: [], hono: [] },
  "200 gzip": { ours: [], hono: [] },
  "304 (If-None-Match)": { ours: [], hono: [] },
};
for (const name of Object.keys(CASES) as Case[]) {
  await cpuPerRequest("ours", name);
  await cpuPerRequest("hono", name);
}
for (let round = 0; round < ROUNDS; round++) {
  for (const name of Object.keys(CASES) as Case[]) {
    const order: Side[] = round % 2 ? ["hono", "ours"] : ["ours", "hono"];
    for (const side of order) rows[name][side].push(await cpuPerRequest(side, name));
  }
}

console.log(`RSS feed, 50 articles: ${doc.body.byteLength} B identity; gzip ours ${await gzipBytes("ours")} B (level 9, once), Hono ${await gzipBytes("hono")} B (CompressionStream, per request); br ours ${doc.br?.byteLength} B, Hono compress() answers "accept-encoding: br" with ${brotli.headers.get("content-encoding") ?? "identity"}`);
console.log(`hono ${HONO_VERSION}, Node ${process.version}; ${ROUNDS} rounds × ${REQUESTS} requests per side and case; CPU µs per request (median of rounds)`);
for (const name of Object.keys(CASES) as Case[]) {
  const o = rows[name].ours;
  const h = rows[name].hono;
  const ratio = median(o.map((x, i) => h[i]! / x));
  console.log(`${name.padEnd(20)} ours ${median(o).toFixed(1).padStart(7)}  Hono etag()+compress() ${median(h).toFixed(1).padStart(7)}  Hono/ours ${ratio.toFixed(1)}×`);
}
process.exit(0);
