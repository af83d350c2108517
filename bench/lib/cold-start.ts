/**
 * Cold starts of built Lambda bundles: a fresh Node process imports a bundle, answers one invocation and exits, timed
 * from outside (wall) and by the child itself (its CPU, every thread: V8's compile and GC threads included), against a
 * bare `node` that only reports its CPU. Reads go to a dynalite in this process with a seeded table. Used by
 * bench/bundles.ts and bench/diag/cold-start.ts.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { startEmbeddedDynamo } from "../../functions/node/embedded-dynamo.ts";
import { createNodeDocumentClient } from "../../functions/node/dynamo-client.ts";
import { createStore, ensureTable } from "../../lib/store/index.ts";
import { createArticleService } from "../../lib/articles/service.ts";
import { functionUrlEvent, lambdaContext } from "../../tests/functions/lambda-events.ts";
import { benchArticleInputs } from "./seed-articles.ts";

/** The API's first request: a feed miss (one Query), as CloudFront forwards it (its normalised Accept-Encoding). */
export const API_FIRST_REQUEST = functionUrlEvent({ path: "/feeds/rss.xml", headers: { "accept-encoding": "br,gzip" } });
/** The minimal handler's: one GetCommand of a seeded article. */
export const MINIMAL_FIRST_REQUEST = { pk: "A#bench-000", sk: "A" };

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
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    TABLE_NAME: table,
    ADMIN_TOKEN: "bench-admin-token-0123456789abcdef",
    PUBLIC_BASE_URL: "https://news.example",
    LOG_LEVEL: "silent",
  };
  return { env, close: () => dynamo.close() };
}

const PRINT_CPU = `const u = process.cpuUsage(); process.stdout.write(String((u.user + u.system) / 1000));`;

/** `node` arguments that import `bundle`, answer `event` (any 2xx passes, anything else fails), print the CPU, exit. */
export function coldStartArgs(bundle: string, event: unknown): string[] {
  const context = { ...lambdaContext(), getRemainingTimeInMillis: undefined };
  const code = [
    `const m = await import(${JSON.stringify(pathToFileURL(resolve(bundle)).href)});`,
    `const r = await m.handler(${JSON.stringify(event)}, { ...${JSON.stringify(context)}, getRemainingTimeInMillis: () => 15000 });`,
    `if (!(r.statusCode >= 200 && r.statusCode < 300)) { console.error(r.statusCode, r.body); process.exit(1); }`,
    PRINT_CPU,
    // Keep-alive sockets would otherwise hold the process open.
    `process.exit(0);`,
  ].join("\n");
  return ["--input-type=module", "-e", code];
}

/** A bare process that only reports its CPU: the floor every cold start stands on. */
export const BARE_NODE_ARGS = ["-e", PRINT_CPU];

export interface ColdSample {
  wallMs: number;
  cpuMs: number;
}

/** One fresh process: wall time from here, CPU time as the child reports it. */
export function coldRun(args: string[], env: Record<string, string>): Promise<ColdSample> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
  return new Promise((ok, fail) =>
    child.on("exit", (status) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      status === 0 ? ok({ wallMs, cpuMs: Number(out) }) : fail(new Error(`node ${args.join(" ").slice(0, 300)} failed: ${err}`));
    }),
  );
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Runs every variant `runs` times, the order rotated each round so drift on a noisy machine hits all alike, after one
 * unmeasured run each (file cache, dynalite's first reads). Returns the samples per variant, in round order.
 */
export async function alternate(variants: Array<{ name: string; args: string[] }>, env: Record<string, string>, runs: number): Promise<Map<string, ColdSample[]>> {
  for (const v of variants) await coldRun(v.args, env);
  const samples = new Map(variants.map((v) => [v.name, [] as ColdSample[]]));
  for (let i = 0; i < runs; i++) {
    for (let j = 0; j < variants.length; j++) {
      const v = variants[(i + j) % variants.length]!;
      samples.get(v.name)!.push(await coldRun(v.args, env));
    }
  }
  return samples;
}

/** Median over rounds of `a`'s ratio to `b` in the same round (the two ran moments apart). */
export function pairedRatio(a: ColdSample[], b: ColdSample[], key: keyof ColdSample): number {
  return median(a.map((x, i) => x[key] / b[i]![key]));
}
