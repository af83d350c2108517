/** `npm run bench`: the feeds benchmark, then the push benchmark (when bench/push.ts exports main), then a summary. */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { main as feeds } from "./feeds.ts";

interface Part {
  name: string;
  seconds: number;
  result?: Record<string, unknown>;
  error?: string;
}

async function runPart(name: string, run: () => Promise<Record<string, unknown>>): Promise<Part> {
  const started = Date.now();
  console.log(`\n=== ${name} ===`);
  try {
    const result = await run();
    return { name, seconds: (Date.now() - started) / 1000, result };
  } catch (error) {
    console.error(`${name} benchmark failed:`, error);
    return { name, seconds: (Date.now() - started) / 1000, error: error instanceof Error ? error.message : String(error) };
  }
}

const parts: Part[] = [];
parts.push(await runPart("feeds", feeds));

const pushPath = fileURLToPath(new URL("./push.ts", import.meta.url));
if (existsSync(pushPath)) {
  const mod = (await import("./push.ts")) as { main?: () => Promise<Record<string, unknown>> };
  if (typeof mod.main === "function") parts.push(await runPart("push", mod.main));
  else console.log("\nbench/push.ts exports no main(); push benchmark skipped");
}

console.log("\n=== summary ===");
for (const part of parts) {
  if (part.error) {
    console.log(`${part.name}: FAILED after ${part.seconds.toFixed(0)} s (${part.error})`);
    continue;
  }
  console.log(`${part.name}: ${part.seconds.toFixed(0)} s`);
  if (part.name === "feeds") {
    const verdict = part.result?.verdict as Record<string, { target: number; info: number; warn: number }>;
    for (const [variant, v] of Object.entries(verdict ?? {})) {
      console.log(`feeds ${variant}: ours ${v.info.toFixed(2)}× bare (LOG_LEVEL=warn ${v.warn.toFixed(2)}×), target ≥ ${v.target}× — ${v.info >= v.target ? "PASS" : "MISS"}`);
    }
    const sdk = part.result?.sdk as { ours: number; bound: number } | undefined;
    if (sdk) console.log(`feeds: ${sdk.ours} DynamoDB calls by ours under load (bound ${sdk.bound})`);
  } else {
    const ratios = part.result?.ratios as Record<string, number> | undefined;
    console.log(`${part.name}: ${Object.entries(ratios ?? {}).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(", ")}`);
  }
}
const out = fileURLToPath(new URL("./results/", import.meta.url));
mkdirSync(out, { recursive: true });
writeFileSync(`${out}summary.json`, `${JSON.stringify({ date: new Date().toISOString(), parts }, null, 2)}\n`);
process.exit(parts.some((p) => p.error) ? 1 : 0);
