/**
 * Diagnostic (not part of npm run bench): cold starts of several built bundles in one run, alternated, as wall time and
 * the child's own CPU time (user + system, every thread: compile and GC threads included), against `node -e 0`.
 * A bundle whose name starts with "minimal" answers the minimal handler's event, any other the API's feed miss
 * (bench/bundles.ts). COLD_PROFILE_DIR=<dir> writes one V8 CPU profile per bundle there first.
 * Run: npx tsx bench/diag/cold-start.ts api=dist/functions/api.mjs minimal=/tmp/…/minimal-get.mjs   (RUNS, default 15)
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { API_FIRST_REQUEST, MINIMAL_FIRST_REQUEST, seededColdStore } from "../bundles.ts";
import { lambdaContext } from "../../tests/functions/lambda-events.ts";

const RUNS = Number(process.env.RUNS ?? 15);
const PROFILE_DIR = process.env.COLD_PROFILE_DIR;

/** Imports `bundle`, answers one invocation, prints this process's CPU time, exits. */
function code(bundle: string, event: unknown): string {
  const context = { ...lambdaContext(), getRemainingTimeInMillis: undefined };
  return [
    `const m = await import(${JSON.stringify(pathToFileURL(resolve(bundle)).href)});`,
    `const r = await m.handler(${JSON.stringify(event)}, { ...${JSON.stringify(context)}, getRemainingTimeInMillis: () => 15000 });`,
    `if (r.statusCode !== 200) { console.error(r.statusCode, r.body); process.exit(1); }`,
    `const u = process.cpuUsage(); process.stdout.write(String((u.user + u.system) / 1000));`,
    `process.exit(0);`,
  ].join("\n");
}

const BARE = `const u = process.cpuUsage(); process.stdout.write(String((u.user + u.system) / 1000));`;

function run(args: string[], env: Record<string, string>): Promise<{ wallMs: number; cpuMs: number }> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (err += c.toString()));
  return new Promise((ok, fail) =>
    child.on("exit", (status) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      status === 0 ? ok({ wallMs, cpuMs: Number(out) }) : fail(new Error(`node ${args.join(" ").slice(0, 200)} failed: ${err}`));
    }),
  );
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const bundles = process.argv.slice(2).map((arg) => {
  const [name, path] = arg.split("=") as [string, string];
  return { name, args: ["--input-type=module", "-e", code(path, name.startsWith("minimal") ? MINIMAL_FIRST_REQUEST : API_FIRST_REQUEST)] };
});
const variants = [{ name: "node -e 0", args: ["-e", BARE] }, ...bundles];
const store = await seededColdStore();
try {
  const env = { ...store.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
  if (PROFILE_DIR) for (const b of bundles) await run([`--cpu-prof`, `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${b.name}.cpuprofile`, ...b.args], env);
  for (const v of variants) await run(v.args, env); // file cache, dynalite's first reads
  const samples = new Map(variants.map((v) => [v.name, [] as Array<{ wallMs: number; cpuMs: number }>]));
  for (let i = 0; i < RUNS; i++) {
    const order = variants.map((_, j) => variants[(j + i) % variants.length]!);
    for (const v of order) samples.get(v.name)!.push(await run(v.args, env));
  }
  const ref = bundles.find((b) => b.name.startsWith("minimal"))?.name;
  const node = samples.get("node -e 0")!;
  console.log(`Node ${process.version}; ${RUNS} runs each, order rotated; ratios are medians of same-run ratios`);
  console.log(`${"".padEnd(28)} ${"wall ms".padStart(8)} ${"CPU ms".padStart(7)} ${"wall×node".padStart(10)} ${"CPU×node".padStart(9)}${ref ? ` ${"wall×min".padStart(9)} ${"CPU×min".padStart(8)}` : ""}`);
  for (const [name, s] of samples) {
    const ratio = (to: typeof s, k: "wallMs" | "cpuMs") => median(s.map((x, i) => x[k] / to[i]![k])).toFixed(2);
    const min = ref ? samples.get(ref)! : undefined;
    console.log(
      `${name.padEnd(28)} ${median(s.map((x) => x.wallMs)).toFixed(0).padStart(8)} ${median(s.map((x) => x.cpuMs)).toFixed(0).padStart(7)} ${ratio(node, "wallMs").padStart(10)} ${ratio(node, "cpuMs").padStart(9)}` +
        (min ? ` ${ratio(min, "wallMs").padStart(9)} ${ratio(min, "cpuMs").padStart(8)}` : ""),
    );
  }
} finally {
  await store.close();
}
process.exit(0);
