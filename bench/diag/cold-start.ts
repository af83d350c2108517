/**
 * Diagnostic (not part of npm run bench): cold starts of several built bundles in one run (bench/lib/cold-start.ts),
 * wall and CPU, against `node` and the first bundle named "minimal…". A bundle whose name starts with "minimal" answers
 * the minimal handler's event, any other the API's feed miss. COLD_PROFILE_DIR=<dir> first writes one V8 CPU profile
 * per bundle there.
 * Run: npx tsx bench/diag/cold-start.ts api=dist/functions/api.mjs minimal=/tmp/…/minimal-get.mjs   (RUNS, default 15)
 */
import { alternate, API_FIRST_REQUEST, BARE_NODE_ARGS, coldRun, coldStartArgs, median, MINIMAL_FIRST_REQUEST, pairedRatio, seededColdStore } from "../lib/cold-start.ts";

const RUNS = Number(process.env.RUNS ?? 15);
const PROFILE_DIR = process.env.COLD_PROFILE_DIR;

const bundles = process.argv.slice(2).map((arg) => {
  const [name, path] = arg.split("=") as [string, string];
  return { name, args: coldStartArgs(path, name.startsWith("minimal") ? MINIMAL_FIRST_REQUEST : API_FIRST_REQUEST) };
});
const store = await seededColdStore();
try {
  if (PROFILE_DIR) for (const b of bundles) await coldRun(["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${b.name}.cpuprofile`, ...b.args], store.env);
  const samples = await alternate([{ name: "node", args: BARE_NODE_ARGS }, ...bundles], store.env, RUNS);
  const node = samples.get("node")!;
  const min = samples.get(bundles.find((b) => b.name.startsWith("minimal"))?.name ?? "");
  console.log(`Node ${process.version}; ${RUNS} runs each, order rotated; ratios are medians of same-round ratios`);
  console.log(`${"".padEnd(28)} ${"wall ms".padStart(8)} ${"CPU ms".padStart(7)} ${"wall×node".padStart(10)} ${"CPU×node".padStart(9)}${min ? ` ${"wall×min".padStart(9)} ${"CPU×min".padStart(8)}` : ""}`);
  for (const [name, s] of samples) {
    const r = (to: typeof s, k: "wallMs" | "cpuMs") => pairedRatio(s, to, k).toFixed(2);
    console.log(
      `${name.padEnd(28)} ${median(s.map((x) => x.wallMs)).toFixed(0).padStart(8)} ${median(s.map((x) => x.cpuMs)).toFixed(0).padStart(7)} ${r(node, "wallMs").padStart(10)} ${r(node, "cpuMs").padStart(9)}` +
        (min ? ` ${r(min, "wallMs").padStart(9)} ${r(min, "cpuMs").padStart(8)}` : ""),
    );
  }
} finally {
  await store.close();
}
process.exit(0);
