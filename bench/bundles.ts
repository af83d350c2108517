/**
 * Lambda bundles: each function built as SST builds it (scripts/build-functions.ts, code splitting on), its size — all
 * it deploys (entry and every chunk), the part a cold start reads before any import() (entry and its static chunks), and
 * gzip (the zip is close to the sum of each file's gzip) — and the API's cold import in a fresh Node process as a ratio
 * to a bare `node -e 0` (median of RUNS each), for the deployed variant (AWS SDK bundled) and the one leaving the SDK
 * to the runtime.
 *
 * Cold start (bench/lib/cold-start.ts): a fresh Node process that imports the API bundle and answers its first request,
 * a feed miss that reads DynamoDB (dynalite, seeded) as CloudFront forwards it, against a minimal handler
 * (bench/lib/minimal-get-handler.ts: DynamoDBDocumentClient and one GetCommand) built the same way, and both against a
 * bare `node`; the three alternated, wall time and the child's own CPU time, ratios as medians of same-round ratios.
 * Run: npx tsx bench/bundles.ts   (BUNDLE_RUNS, default 15; writes bench/results/bundles.json)
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildFunctions, buildOne, type BuiltFunction } from "../scripts/build-functions.ts";
import { alternate, API_FIRST_REQUEST, BARE_NODE_ARGS, coldStartArgs, median, MINIMAL_FIRST_REQUEST, pairedRatio, seededColdStore, type ColdSample } from "./lib/cold-start.ts";

const RUNS = Number(process.env.BUNDLE_RUNS ?? 15);
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

/** The API's first request (a feed miss reading DynamoDB) against the minimal GetCommand handler, cold, alternated. */
async function coldStarts(apiBundle: string, minimalBundle: string) {
  const store = await seededColdStore();
  try {
    const samples = await alternate(
      [
        { name: "node", args: BARE_NODE_ARGS },
        { name: "minimal", args: coldStartArgs(minimalBundle, MINIMAL_FIRST_REQUEST) },
        { name: "api", args: coldStartArgs(apiBundle, API_FIRST_REQUEST) },
      ],
      store.env,
      RUNS,
    );
    const [node, minimal, api] = ["node", "minimal", "api"].map((name) => samples.get(name)!) as [ColdSample[], ColdSample[], ColdSample[]];
    const ms = (s: ColdSample[], key: keyof ColdSample) => +median(s.map((x) => x[key])).toFixed(1);
    const ratio = (a: ColdSample[], b: ColdSample[], key: keyof ColdSample) => +pairedRatio(a, b, key).toFixed(2);
    return {
      ms: { node: ms(node, "wallMs"), minimal: ms(minimal, "wallMs"), api: ms(api, "wallMs") },
      ratios: { apiToMinimal: ratio(api, minimal, "wallMs"), apiToNode: ratio(api, node, "wallMs"), minimalToNode: ratio(minimal, node, "wallMs") },
      cpuMs: { node: ms(node, "cpuMs"), minimal: ms(minimal, "cpuMs"), api: ms(api, "cpuMs") },
      cpuRatios: { apiToMinimal: ratio(api, minimal, "cpuMs"), apiToNode: ratio(api, node, "cpuMs"), minimalToNode: ratio(minimal, node, "cpuMs") },
    };
  } finally {
    await store.close();
  }
}

/** Sizes in KB: all deployed code, the entry, what a cold start reads, and the sum of each file's gzip. */
function sizeOf(fn: BuiltFunction) {
  const kb = (bytes: number) => +(bytes / 1024).toFixed(1);
  const gzip = fn.files.reduce((sum, f) => sum + gzipSync(readFileSync(f.path), { level: 9 }).byteLength, 0);
  return { name: fn.name, variant: fn.variant, kb: kb(fn.bytes), entryKb: kb(fn.entryBytes), startKb: kb(fn.startBytes), files: fn.files.length, gzipKb: kb(gzip) };
}

export async function main(): Promise<Record<string, unknown>> {
  const built = await buildFunctions();
  const sizes = built.map(sizeOf);
  for (const s of sizes) {
    console.log(`${s.variant.padEnd(12)} ${s.name.padEnd(12)} ${String(s.kb).padStart(8)} KB deployed in ${s.files} files, ${s.startKb} KB read at start (gzip ${s.gzipKb} KB)`);
  }
  const cold: Record<string, unknown> = {};
  for (const fn of built.filter((b) => b.name === "api")) {
    const result = coldImport(fn.path);
    cold[fn.variant] = { baselineMs: +result.baselineMs.toFixed(1), importMs: +result.importMs.toFixed(1), ratio: +result.ratio.toFixed(2) };
    console.log(`cold import api (${fn.variant}): ${result.importMs.toFixed(0)} ms vs node -e 0 ${result.baselineMs.toFixed(0)} ms = ${result.ratio.toFixed(2)}x`);
  }
  const api = sizes.find((s) => s.name === "api" && s.variant === "deployed")!;
  const apiExternal = sizes.find((s) => s.name === "api" && s.variant === "sdk-external")!;
  const minimalBuilt = await buildOne("minimal-get", "deployed", join(tmpdir(), `bench-minimal-${process.pid}`), "bench/lib/minimal-get-handler.ts");
  const minimal = sizeOf(minimalBuilt);
  console.log(`minimal GetCommand handler ${minimal.kb} KB deployed in ${minimal.files} files, ${minimal.startKb} KB read at start (gzip ${minimal.gzipKb} KB)`);
  const coldStart = await coldStarts(built.find((b) => b.name === "api" && b.variant === "deployed")!.path, minimalBuilt.path);
  console.log(
    `cold start (import + first answered request reading DynamoDB), wall: api ${coldStart.ms.api} ms, minimal ${coldStart.ms.minimal} ms, node ${coldStart.ms.node} ms` +
      ` = api ${coldStart.ratios.apiToMinimal}x minimal, ${coldStart.ratios.apiToNode}x node; minimal ${coldStart.ratios.minimalToNode}x node`,
  );
  console.log(
    `cold start, CPU: api ${coldStart.cpuMs.api} ms, minimal ${coldStart.cpuMs.minimal} ms, node ${coldStart.cpuMs.node} ms` +
      ` = api ${coldStart.cpuRatios.apiToMinimal}x minimal, ${coldStart.cpuRatios.apiToNode}x node; minimal ${coldStart.cpuRatios.minimalToNode}x node`,
  );
  // Counted as deployed: every chunk ships in the zip, read or not. What a cold start reads is reported beside it.
  const bytesRatio = +(api.kb / minimal.kb).toFixed(2);
  const result = {
    node: process.version,
    runs: RUNS,
    sizes,
    minimal,
    coldImport: cold,
    coldStart,
    targets: {
      apiBundleBytesRatio: {
        target: TARGET_BYTES_RATIO,
        measured: bytesRatio,
        met: bytesRatio <= TARGET_BYTES_RATIO,
        apiKb: api.kb,
        minimalKb: minimal.kb,
        readAtStartRatio: +(api.startKb / minimal.startKb).toFixed(2),
        apiStartKb: api.startKb,
        minimalStartKb: minimal.startKb,
        variant: "deployed (AWS SDK inside, as infra/lambda.ts deploys; every chunk counted)",
        sdkExternalKb: apiExternal.kb,
      },
      coldStartRatio: { target: TARGET_COLD_START_RATIO, measured: coldStart.ratios.apiToMinimal, met: coldStart.ratios.apiToMinimal <= TARGET_COLD_START_RATIO, cpu: coldStart.cpuRatios.apiToMinimal },
    },
  };
  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  writeFileSync(new URL("./results/bundles.json", import.meta.url), JSON.stringify(result, null, 2) + "\n");
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
