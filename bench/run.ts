/**
 * `npm run bench`: the feeds benchmark, the push benchmark, the publish → push latency benchmark, the Lambda bundles,
 * the DynamoDB client's per-call cost and the feed writers against `feed` and feedsmith, then a summary.
 * `npm run bench -- push-latency` (or any part names) runs only those parts.
 * Each part runs in its own process, so one part's servers or leftovers cannot skew or stall the next; the
 * summary reads what each part wrote to bench/results/<part>.json.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

interface Part {
  name: string;
  seconds: number;
  exitCode: number | null;
  result?: Record<string, unknown>;
  skipped?: string;
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const results = here("./results/");

async function runPart(name: string): Promise<Part> {
  const file = here(`./${name}.ts`);
  if (!existsSync(file)) return { name, seconds: 0, exitCode: null, skipped: `bench/${name}.ts not found` };
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const child = spawn(process.execPath, ["--import", "tsx", here("./lib/run-part.ts"), file], { stdio: "inherit" });
  const exitCode = await new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const seconds = (Date.now() - started) / 1000;
  if (exitCode === 3) return { name, seconds, exitCode, skipped: `bench/${name}.ts exports no main()` };
  const out = `${results}${name}.json`;
  const fresh = existsSync(out) && statSync(out).mtimeMs >= started;
  return { name, seconds, exitCode, ...(fresh ? { result: JSON.parse(readFileSync(out, "utf8")) as Record<string, unknown> } : {}) };
}

function summarise(part: Part): string[] {
  const head = `${part.name}: ${part.seconds.toFixed(0)} s`;
  if (part.skipped) return [`${part.name}: skipped (${part.skipped})`];
  if (!part.result) return [`${head}, FAILED (exit ${part.exitCode}, no results written)`];
  // A part that wrote its results but did not exit cleanly is reported, not discarded.
  const lines = part.exitCode === 0 ? [head] : [`${head}, wrote results but exited with code ${part.exitCode}`];
  if (part.name === "feeds") {
    const verdict = part.result.verdict as Record<string, { target: number; info: number; warn: number }>;
    for (const [variant, v] of Object.entries(verdict)) {
      lines.push(`  ${variant}: ours ${v.info.toFixed(2)}× bare (LOG_LEVEL=warn ${v.warn.toFixed(2)}×), target ≥ ${v.target}× — ${v.info >= v.target ? "PASS" : "MISS"}`);
    }
    const sdk = part.result.sdk as { ours: number; bound: number };
    lines.push(`  ${sdk.ours} DynamoDB calls by ours under load (bound ${sdk.bound})`);
  } else if (part.name === "bundles") {
    const t = part.result.targets as {
      apiBundleBytesRatio: { target: number; measured: number; met: boolean; apiKb: number; minimalKb: number; sdkExternalKb?: number; readAtStartRatio?: number };
      coldStartRatio: { target: number; measured: number; met: boolean; cpu?: number };
    };
    const cold = part.result.coldStart as { ratios: { apiToNode: number; minimalToNode: number } };
    const verdict = (met: boolean) => (met ? "PASS" : "MISS");
    const b = t.apiBundleBytesRatio;
    lines.push(`  API bundle ${b.apiKb} KB as deployed, all chunks counted (${b.sdkExternalKb ?? "?"} KB without the SDK) = ${b.measured}× the minimal GetCommand handler's ${b.minimalKb} KB, target ≤ ${b.target}× — ${verdict(b.met)}; read at start ${b.readAtStartRatio ?? "?"}×`);
    lines.push(`  API cold start (import + first feed miss) ${t.coldStartRatio.measured}× the minimal handler's wall time (CPU ${t.coldStartRatio.cpu ?? "?"}×), target ≤ ${t.coldStartRatio.target}× — ${verdict(t.coldStartRatio.met)}; vs node: API ${cold.ratios.apiToNode}×, minimal ${cold.ratios.minimalToNode}×`);
  } else if (part.name === "dynamo-calls") {
    const perPair = part.result.perPair as Record<string, { cpuUs: number; wallUs: number }>;
    for (const [name, v] of Object.entries(perPair)) lines.push(`  ${name}: ${v.cpuUs} µs CPU, ${v.wallUs} µs wall per PutItem + GetItem on dynalite (no target)`);
  } else if (part.name === "push-latency") {
    const sizes = part.result.sizes as Array<{ subscribers: number; goal?: number; cold: { ratio: number; oursFirstMs: number; oursLastMs: number; plainLastMs: number }; warm: { ratio: number } }>;
    for (const s of sizes) {
      const verdict = s.goal === undefined ? "" : `, goal ≤ ${s.goal}× — ${s.cold.ratio <= s.goal ? "PASS" : "MISS"}`;
      lines.push(
        `  N=${s.subscribers}: ours first/last ${Math.round(s.cold.oursFirstMs)}/${Math.round(s.cold.oursLastMs)} ms cold, plain ${Math.round(s.cold.plainLastMs)} ms: ` +
          `${s.cold.ratio.toFixed(2)}× cold, ${s.warm.ratio.toFixed(2)}× warm${verdict}`,
      );
    }
  } else {
    const ratios = (part.result.ratios ?? {}) as Record<string, number>;
    lines.push(`  ${Object.entries(ratios).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(", ")}`);
  }
  return lines;
}

const ALL_PARTS = ["feeds", "push", "push-latency", "bundles", "dynamo-calls", "feed-libraries"];
const chosen = process.argv.slice(2).filter((name) => ALL_PARTS.includes(name));
const parts: Part[] = [];
for (const name of chosen.length > 0 ? chosen : ALL_PARTS) parts.push(await runPart(name));
console.log("\n=== summary ===");
for (const part of parts) console.log(summarise(part).join("\n"));
mkdirSync(results, { recursive: true });
writeFileSync(`${results}summary.json`, `${JSON.stringify({ date: new Date().toISOString(), parts }, null, 2)}\n`);
process.exit(parts.some((p) => !p.skipped && !p.result) ? 1 : 0);
