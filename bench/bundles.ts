/**
 * Lambda bundles: each function built as SST builds it (scripts/build-functions.ts), its size (raw and gzip, the zip is
 * close to the latter), and the API's cold import in a fresh Node process as a ratio to a bare `node -e 0` (median of
 * 10 each), for the deployed variant (AWS SDK bundled) and the one leaving the SDK to the runtime. No code splitting:
 * each function deploys one file, so its size is the whole of what it deploys (plus public/ for the API).
 * Run: npx tsx bench/bundles.ts   (writes bench/results/bundles.json)
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { buildFunctions } from "../scripts/build-functions.ts";

const RUNS = 10;
/** The targets. */
const TARGET_API_KB = 350;
const TARGET_COLD_RATIO = 2;

/** Wall time of one fresh `node` process, in milliseconds. */
function timeNode(args: string[], env: Record<string, string>): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { env: { ...process.env, ...env }, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`node ${args.join(" ")} failed: ${run.stderr}`);
  return ms;
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
  const apiCold = cold.deployed as { ratio: number };
  const result = {
    node: process.version,
    sizes,
    coldImport: cold,
    targets: {
      apiBundleKb: {
        target: TARGET_API_KB,
        measured: api.kb,
        met: api.kb <= TARGET_API_KB,
        variant: "deployed (AWS SDK inside, as infra/lambda.ts deploys)",
        sdkExternalKb: apiExternal.kb,
      },
      coldImportRatio: { target: TARGET_COLD_RATIO, measured: apiCold.ratio, met: apiCold.ratio <= TARGET_COLD_RATIO },
    },
  };
  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  writeFileSync(new URL("./results/bundles.json", import.meta.url), JSON.stringify(result, null, 2) + "\n");
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
