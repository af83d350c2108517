/**
 * Lambda bundles: each function built as SST builds it (scripts/build-functions.ts), its size (raw and gzip, the zip is
 * close to the latter), and the API's cold import in a fresh Node process as a ratio to a bare `node -e 0` (median of
 * 10 each), for the deployed variant (AWS SDK bundled) and the one leaving the SDK to the runtime. No code splitting:
 * each function deploys one file, so its size is the whole of what it deploys (plus public/ for the API).
 *
 * Cold start: a fresh Node process that imports the API bundle and answers its first request, a feed miss that reads
 * DynamoDB (dynalite, seeded), against a minimal handler (bench/lib/minimal-get-handler.ts: DynamoDBDocumentClient and
 * one GetCommand) built the same way, and both against `node -e 0`; the three alternated, medians of 10.
 * Run: npx tsx bench/bundles.ts   (writes bench/results/bundles.json)
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildFunctions, buildOne } from "../scripts/build-functions.ts";
import { startEmbeddedDynamo } from "../functions/node/embedded-dynamo.ts";
import { createNodeDocumentClient } from "../functions/node/dynamo-client.ts";
import { createStore, ensureTable } from "../lib/store/index.ts";
import { createArticleService } from "../lib/articles/service.ts";
import { functionUrlEvent, lambdaContext } from "../tests/functions/lambda-events.ts";
import { benchArticleInputs } from "./lib/seed-articles.ts";

const RUNS = 10;
/** Issue 13's targets, against the minimal DynamoDB handler. */
const TARGET_COLD_START_RATIO = 1.5;
const TARGET_BYTES_RATIO = 2;

/** Wall time of one fresh `node` process, in milliseconds. */
function timeNode(args: string[], env: Record<string, string>): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { env: { ...process.env, ...env }, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`node ${args.join(" ")} failed: ${run.stderr}`);
  return ms;
}

/** As timeNode, without blocking this process: the cold starts read from a dynalite that runs in it. */
function timeNodeAsync(args: string[], env: Record<string, string>): Promise<number> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  return new Promise((resolve, reject) =>
    child.on("exit", (status) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      status === 0 ? resolve(ms) : reject(new Error(`node ${args.join(" ")} failed: ${stderr}`));
    }),
  );
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Alternates baseline and import runs so drift on a noisy machine hits both alike. */
function coldImport(path: string): { baselineMs: number; importMs: number; ratio: number } {
  // Nothing may connect at import: the endpoint is a closed port, and a connection attempt would not be awaited anyway.
  const env = { ADMIN_TOKEN: "bench-admin-token-0123456789abcdef", DYNAMODB_ENDPOINT: "http://127.0.0.1:9", AWS_REGION: "eu-west-1", LOG_LEVEL: "silent" };
  const code = `await import(${JSON.stringify(pathToFileURL(path).href)})`;
  const baseline: number[] = [];
  const imports: number[] = [];
  timeNode(["-e", "0"], env); // warm the file cache
  for (let i = 0; i < RUNS; i++) {
    baseline.push(timeNode(["-e", "0"], env));
    imports.push(timeNode(["--input-type=module", "-e", code], env));
  }
  const baselineMs = median(baseline);
  const importMs = median(imports);
  return { baselineMs, importMs, ratio: importMs / baselineMs };
}

/**
 * Wall time of a fresh process importing `bundle` and answering one invocation, then exiting (keep-alive sockets would
 * otherwise hold it open); `event` is what the handler gets.
 */
export function coldStartCode(bundle: string, event: unknown): string[] {
  const context = { ...lambdaContext(), getRemainingTimeInMillis: undefined };
  return [
    "--input-type=module",
    "-e",
    [
      `const m = await import(${JSON.stringify(pathToFileURL(bundle).href)});`,
      `const r = await m.handler(${JSON.stringify(event)}, { ...${JSON.stringify(context)}, getRemainingTimeInMillis: () => 15000 });`,
      `if (r.statusCode !== 200) { console.error(r.statusCode, r.body); process.exit(1); }`,
      `process.exit(0);`,
    ].join("\n"),
  ];
}

/** A dynalite in this process with a seeded table, and the environment a cold Lambda process gets to read it. */
export async function seededColdStore(): Promise<{ env: Record<string, string>; close(): Promise<void> }> {
  const dynamo = await startEmbeddedDynamo();
  const client = createNodeDocumentClient({ region: "eu-west-1", endpoint: dynamo.endpoint });
  const table = "bench-cold";
  await ensureTable(client, table);
  const store = createStore({ client, tableName: table, cursorSecret: "bench" });
  const service = createArticleService(store.articles, []);
  for (const input of benchArticleInputs(20)) {
    const outcome = await service.publish(input);
    if (outcome.kind === "invalid") throw new Error(`seed article refused: ${JSON.stringify(outcome)}`);
  }
  client.destroy();
  // Both clients built as on AWS (default credential chain and endpoint resolution); only the SDK's endpoint
  // override points them at dynalite.
  const env = {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: "bench",
    AWS_SECRET_ACCESS_KEY: "bench",
    AWS_SESSION_TOKEN: "bench",
    TABLE_NAME: table,
    ADMIN_TOKEN: "bench-admin-token-0123456789abcdef",
    PUBLIC_BASE_URL: "https://news.example",
    LOG_LEVEL: "silent",
  };
  return { env, close: () => dynamo.close() };
}

/** The API's first request: a feed miss, one Query. */
export const API_FIRST_REQUEST = functionUrlEvent({ path: "/feeds/rss.xml" });
/** The minimal handler's: one GetCommand of a seeded article. */
export const MINIMAL_FIRST_REQUEST = { pk: "A#bench-000", sk: "A" };

/** The API's first request (a feed miss reading DynamoDB) against the minimal GetCommand handler, cold, alternated. */
async function coldStarts(apiBundle: string, minimalBundle: string) {
  const store = await seededColdStore();
  try {
    const env = store.env;
    const api = coldStartCode(apiBundle, API_FIRST_REQUEST);
    const minimal = coldStartCode(minimalBundle, MINIMAL_FIRST_REQUEST);
    const runs = { node: [] as number[], minimal: [] as number[], api: [] as number[] };
    // One of each first: file cache, and dynalite's first reads.
    for (const args of [["-e", "0"], minimal, api]) await timeNodeAsync(args, env);
    for (let i = 0; i < RUNS; i++) {
      runs.node.push(await timeNodeAsync(["-e", "0"], env));
      runs.minimal.push(await timeNodeAsync(minimal, env));
      runs.api.push(await timeNodeAsync(api, env));
    }
    const ms = { node: median(runs.node), minimal: median(runs.minimal), api: median(runs.api) };
    return {
      ms: { node: +ms.node.toFixed(1), minimal: +ms.minimal.toFixed(1), api: +ms.api.toFixed(1) },
      ratios: { apiToMinimal: +(ms.api / ms.minimal).toFixed(2), apiToNode: +(ms.api / ms.node).toFixed(2), minimalToNode: +(ms.minimal / ms.node).toFixed(2) },
    };
  } finally {
    await store.close();
  }
}

export async function main(): Promise<Record<string, unknown>> {
  const built = await buildFunctions();
  const sizes = built.map((fn) => ({
    name: fn.name,
    variant: fn.variant,
    kb: +(fn.bytes / 1024).toFixed(1),
    gzipKb: +(gzipSync(readFileSync(fn.path), { level: 9 }).byteLength / 1024).toFixed(1),
  }));
  for (const s of sizes) console.log(`${s.variant.padEnd(12)} ${s.name.padEnd(12)} ${String(s.kb).padStart(8)} KB  (gzip ${s.gzipKb} KB)`);
  const cold: Record<string, unknown> = {};
  for (const fn of built.filter((b) => b.name === "api")) {
    const result = coldImport(fn.path);
    cold[fn.variant] = { baselineMs: +result.baselineMs.toFixed(1), importMs: +result.importMs.toFixed(1), ratio: +result.ratio.toFixed(2) };
    console.log(`cold import api (${fn.variant}): ${result.importMs.toFixed(0)} ms vs node -e 0 ${result.baselineMs.toFixed(0)} ms = ${result.ratio.toFixed(2)}x`);
  }
  const api = sizes.find((s) => s.name === "api" && s.variant === "deployed")!;
  const apiExternal = sizes.find((s) => s.name === "api" && s.variant === "sdk-external")!;
  const minimal = await buildOne("minimal-get", "deployed", join(tmpdir(), `bench-minimal-${process.pid}`), "bench/lib/minimal-get-handler.ts");
  const minimalKb = +(minimal.bytes / 1024).toFixed(1);
  const minimalGzipKb = +(gzipSync(readFileSync(minimal.path), { level: 9 }).byteLength / 1024).toFixed(1);
  console.log(`minimal GetCommand handler ${minimalKb} KB (gzip ${minimalGzipKb} KB)`);
  const coldStart = await coldStarts(built.find((b) => b.name === "api" && b.variant === "deployed")!.path, minimal.path);
  console.log(
    `cold start (import + first answered request reading DynamoDB): api ${coldStart.ms.api} ms, minimal ${coldStart.ms.minimal} ms, node -e 0 ${coldStart.ms.node} ms` +
      ` = api ${coldStart.ratios.apiToMinimal}x minimal, ${coldStart.ratios.apiToNode}x node; minimal ${coldStart.ratios.minimalToNode}x node`,
  );
  const bytesRatio = +(api.kb / minimalKb).toFixed(2);
  const result = {
    node: process.version,
    sizes,
    minimal: { kb: minimalKb, gzipKb: minimalGzipKb },
    coldImport: cold,
    coldStart,
    targets: {
      apiBundleBytesRatio: {
        target: TARGET_BYTES_RATIO,
        measured: bytesRatio,
        met: bytesRatio <= TARGET_BYTES_RATIO,
        apiKb: api.kb,
        minimalKb,
        variant: "deployed (AWS SDK inside, as infra/lambda.ts deploys)",
        sdkExternalKb: apiExternal.kb,
      },
      coldStartRatio: { target: TARGET_COLD_START_RATIO, measured: coldStart.ratios.apiToMinimal, met: coldStart.ratios.apiToMinimal <= TARGET_COLD_START_RATIO },
    },
  };
  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  writeFileSync(new URL("./results/bundles.json", import.meta.url), JSON.stringify(result, null, 2) + "\n");
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
