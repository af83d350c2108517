/**
 * Diagnostic (not part of npm run bench): where the time between a publish and its pushes goes. Composes the service
 * as functions/local.ts does (embedded store on disk, undici transport, the same warm-ups), records every store
 * request and every push send, publishes articles to N subscribers (the loopback receiver in a child process) and
 * prints a timeline: store requests before the first send, sends in flight over time, gaps with nothing in flight.
 * The subscribers are written by this process; the articles are published by a fresh child process on the same store
 * files, so the first article is as cold as a freshly started service's.
 * Env: TRACE_N (default 2000), TRACE_ARTICLES (default 2: a cold one, then a warm one), TRACE_EVENTS=1 lists them all,
 * TRACE_WARMUP=0 leaves out local.ts's store and sanitiser warm-ups, TRACE_PROFILE=1 adds a CPU profile of each
 * article, POST to last push: self time by function, and by owner (AWS SDK, web-push, the embedded store, undici + TLS,
 * our code, other packages, Node/GC) on this process's main thread (service and store; not the receiver's).
 */
import { fork } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseConfig } from "../../lib/config.ts";
import { createLogger } from "../../functions/node/logger.ts";
import { createServices } from "../../lib/services.ts";
import { ensureTable, type DocumentClient } from "../../lib/store/index.ts";
import { warmUpSanitizer } from "../../lib/articles/normalize.ts";
import { startEmbeddedDynamo } from "../../functions/node/embedded-dynamo.ts";
import { createNodeDocumentClient } from "../../functions/node/dynamo-client.ts";
import { createNodePushRuntime } from "../../functions/node/push-runtime.ts";
import webpush from "web-push";
import { startReceiverProcess } from "../../scripts/load/receiver-process.ts";
import type { PushTransport } from "../../lib/push/sender.ts";

const N = Number(process.env.TRACE_N ?? 2000);
const ARTICLES = Number(process.env.TRACE_ARTICLES ?? 2);

interface Event {
  kind: "store" | "send";
  what: string;
  start: number;
  end: number;
  /** A send the push service accepted (2xx). */
  ok?: boolean;
}

const events: Event[] = [];

/** Records every operation the client sends (SDK middleware at the initialize step: once per send, not per retry). */
function traced(client: DocumentClient): DocumentClient {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const start = performance.now();
      const input = args.input as { Key?: { pk?: string }; Item?: { pk?: string }; ExpressionAttributeValues?: Record<string, unknown> };
      const pk = input.Key?.pk ?? input.Item?.pk ?? (input.ExpressionAttributeValues?.[":pk"] as string | undefined) ?? "";
      try {
        return await next(args);
      } finally {
        const what = `${String(context.commandName).replace(/Command$/, "")} ${String(pk).replace(/#.*/, "#")}`;
        events.push({ kind: "store", what, start, end: performance.now() });
      }
    },
    { step: "initialize", name: "pushTrace" },
  );
  return client;
}

function tracedTransport(transport: PushTransport): PushTransport {
  return async (request) => {
    const start = performance.now();
    let ok = false;
    try {
      const response = await transport(request);
      ok = response.status >= 200 && response.status < 300;
      return response;
    } finally {
      events.push({ kind: "send", what: "send", start, end: performance.now(), ok });
    }
  };
}

function report(t0: number, label: string): void {
  const mine = events.filter((e) => e.start >= t0).sort((a, b) => a.start - b.start);
  const sends = mine.filter((e) => e.kind === "send");
  const store = mine.filter((e) => e.kind === "store");
  const firstSend = sends[0]?.start ?? NaN;
  const before = store.filter((e) => e.start < firstSend);
  const rel = (t: number) => Math.round(t - t0);
  console.log(`\n${label}: ${sends.length} sends, ${store.length} store requests; first send starts at ${rel(firstSend)} ms, last ends at ${rel(Math.max(...sends.map((s) => s.end)))} ms`);
  console.log(`  store requests before the first send: ${before.length} (${[...count(before.map((e) => e.what))].map(([k, v]) => `${k} ×${v}`).join(", ")})`);
  console.log(`  all store requests: ${[...count(store.map((e) => e.what))].map(([k, v]) => `${k} ×${v}`).join(", ")}`);
  // Gaps: stretches after the first send with no send in flight.
  const edges = sends.flatMap((s) => [{ t: s.start, d: 1 }, { t: s.end, d: -1 }]).sort((a, b) => a.t - b.t || a.d - b.d);
  let inFlight = 0;
  let idleFrom: number | undefined;
  let peak = 0;
  const gaps: string[] = [];
  for (const e of edges) {
    if (inFlight === 0 && idleFrom !== undefined && e.t - idleFrom > 5) gaps.push(`${rel(idleFrom)}–${rel(e.t)} ms`);
    inFlight += e.d;
    peak = Math.max(peak, inFlight);
    if (inFlight === 0) idleFrom = e.t;
  }
  console.log(`  sends in flight at most ${peak}; gaps > 5 ms with none in flight: ${gaps.join(", ") || "none"}`);
  const buckets = new Map<number, number>();
  for (const s of sends) buckets.set(Math.floor((s.end - t0) / 100), (buckets.get(Math.floor((s.end - t0) / 100)) ?? 0) + 1);
  console.log(`  sends completed per 100 ms: ${[...buckets].sort((a, b) => a[0] - b[0]).map(([b, n]) => `${b * 100}:${n}`).join(" ")}`);
  if (process.env.TRACE_EVENTS === "1") {
    for (const e of mine.filter((x) => x.kind === "store")) console.log(`    ${rel(e.start)}–${rel(e.end)} ${e.what}`);
  }
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** Self time per function from a V8 CPU profile, the top `limit`, as "ms name (file:line)". */
function topSelf(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number }, limit = 25): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (node: ProfileNode) => {
    const frame = node.callFrame;
    return `${frame.functionName || "(anonymous)"} (${frame.url.replace(/^.*\/(node_modules\/)?/, "")}:${frame.lineNumber + 1})`;
  };
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)!;
    // A native frame is named after its nearest caller with a script, which says what it is.
    let caller = node;
    while (!caller.callFrame.url && parent.has(caller.id)) caller = byId.get(parent.get(caller.id)!)!;
    const key = caller === node ? name(node) : `${name(node)} ← ${name(caller)}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  // Self time per package or source file, by the nearest caller with a script.
  const byFile = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    let caller = byId.get(id)!;
    while (!caller.callFrame.url && parent.has(caller.id)) caller = byId.get(parent.get(caller.id)!)!;
    const url = caller.callFrame.url;
    const file = url.includes("node_modules/") ? url.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+).*$/, "$1") : url.replace(/^.*\/(lib|functions|bench|tests)\//, "$1/") || caller.callFrame.functionName;
    byFile.set(file, (byFile.get(file) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const files = [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, us]) => `${(us / 1000).toFixed(1)} ${k}`).join(", ");
  return [
    `total ${Math.round(total / 1000)} ms; by file/package (ms): ${files}`,
    ...[...self].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([k, us]) => `${(us / 1000).toFixed(1)} ms ${k}`),
  ];
}

function count(values: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

/** Who owns a sample: packages by their outermost node_modules folder, our files by folder. */
const OWNERS: Array<[owner: string, packages: RegExp]> = [
  ["AWS SDK", /^(@aws-sdk|@smithy|@aws-crypto)\/|^(tslib|fast-xml-parser|strnum|bowser|uuid)$/],
  ["web-push (+ asn1.js, jws/jwa, http_ece)", /^(web-push|http_ece|asn1\.js|bn\.js|jws|jwa|ecdsa-sig-formatter|buffer-equal-constant-time|safe-buffer|safer-buffer|minimalistic-assert|inherits|https-proxy-agent|agent-base)$/],
  ["embedded store (dynalite, level)", /^(dynalite|level|classic-level|abstract-level|memory-level|browser-level|level-supports|level-transcoder|module-error|maybe-combine-errors|functional-red-black-tree|lazy|lock|once|async|big\.js|buffer-crc32|buffer|is-buffer)$/],
  ["undici + TLS", /^undici$/],
];
const OWNER_ORDER = [...OWNERS.map(([o]) => o), "our code (lib/, functions/)", "other packages (hono, zod, sanitize-html, lru-cache, …)", "trace harness (bench/)", "Node / GC / other"];

/**
 * The owner of one sample, walking from the sampled frame towards the root: the first frame that belongs to a package
 * or one of our folders decides. Node's own modules are charged to whoever called them, except TLS (charged to undici,
 * the only TLS client here) and the HTTP server and client sides (dynalite's server, the SDK's NodeHttpHandler: the
 * app is called in-process, and undici has its own HTTP parser). Native frames (ECDH, AES, hashing) go to their caller.
 */
function ownerOf(stack: ProfileNode[]): string {
  for (const node of stack) {
    const url = node.callFrame.url;
    if (!url) continue;
    if (/^node:(_tls|tls|internal\/tls)/.test(url)) return "undici + TLS";
    if (/^node:_http_server/.test(url)) return "embedded store (dynalite, level)";
    if (/^node:(_http_client|_http_agent)/.test(url)) return "AWS SDK";
    if (url.startsWith("node:")) continue;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
    if (pkg) return OWNERS.find(([, re]) => re.test(pkg))?.[0] ?? (pkg === "tsx" ? "Node / GC / other" : "other packages (hono, zod, sanitize-html, lru-cache, …)");
    if (/\/(lib|functions)\//.test(url)) return "our code (lib/, functions/)";
    if (/\/(bench|tests|scripts)\//.test(url)) return "trace harness (bench/)";
  }
  return "Node / GC / other";
}

/**
 * CPU ms per owner over the samples between `fromUs` and `untilUs` (V8's profile clock, which is the monotonic clock
 * process.hrtime reads, in µs); idle samples are not CPU.
 */
function byOwner(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number }, fromUs: number, untilUs: number): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const owners = new Map<string, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at <= fromUs || at > untilUs) return;
    const leaf = byId.get(id)!;
    if (leaf.callFrame.functionName === "(idle)") return;
    const stack: ProfileNode[] = [];
    for (let n: ProfileNode | undefined = leaf; n; n = parent.has(n.id) ? byId.get(parent.get(n.id)!) : undefined) stack.push(n);
    const owner = ownerOf(stack);
    // Weighted as topSelf weighs it: the interval before the sample.
    owners.set(owner, (owners.get(owner) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return owners;
}

const config = (keys: { publicKey: string; privateKey: string }, port: number) => {
  const parsed = parseConfig({
    DEMO: "0",
    VAPID_PUBLIC_KEY: keys.publicKey,
    VAPID_PRIVATE_KEY: keys.privateKey,
    PUSH_ALLOWED_HOSTS: `127.0.0.1:${port}`,
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(PUSH_|SUB_SHARDS)/.test(k))),
  });
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  return parsed.config;
};
const ADMIN = "trace-admin-token-0123456789";

/** This process: the receiver, the store with N subscribers, then the child that publishes. */
async function orchestrate(): Promise<void> {
  const receiver = await startReceiverProcess();
  const dir = mkdtempSync(join(tmpdir(), "push-trace-"));
  try {
    const keys = webpush.generateVAPIDKeys();
    const dynamo = await startEmbeddedDynamo({ path: join(dir, "dynamodb") });
    const client = createNodeDocumentClient({ endpoint: dynamo.endpoint, region: "us-east-1" });
    const cfg = config(keys, receiver.port);
    await ensureTable(client, cfg.tableName);
    const services = await createServices({ config: cfg, client, adminToken: ADMIN, logger: createLogger({ level: "warn" }) });
    const subs = await receiver.subscribe(N);
    for (let i = 0; i < subs.length; i += 50) await Promise.all(subs.slice(i, i + 50).map((s) => services.store.subscriptions.upsert(s)));
    client.destroy();
    await dynamo.close();
    writeFileSync(join(dir, "ca.pem"), receiver.ca);
    const child = fork(fileURLToPath(import.meta.url), [], {
      execArgv: ["--import", "tsx"],
      env: { ...process.env, TRACE_ROLE: "publish", TRACE_DIR: dir, TRACE_VAPID: JSON.stringify(keys), TRACE_RECEIVER_PORT: String(receiver.port) },
      stdio: "inherit",
    });
    const code = await new Promise((resolve) => child.once("exit", resolve));
    const delivered = (await receiver.stats()).delivered;
    console.log(`\nreceiver: ${delivered} accepted of ${N * ARTICLES} expected; publisher exited with ${code}`);
  } finally {
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The fresh process: composed as functions/local.ts composes the service, then the articles, traced. */
async function publish(): Promise<void> {
  const dir = process.env.TRACE_DIR!;
  const keys = JSON.parse(process.env.TRACE_VAPID!) as { publicKey: string; privateKey: string };
  const cfg = config(keys, Number(process.env.TRACE_RECEIVER_PORT));
  const dynamo = await startEmbeddedDynamo({ path: join(dir, "dynamodb") });
  try {
    const client = traced(createNodeDocumentClient({ endpoint: dynamo.endpoint, region: "us-east-1" }));
    await ensureTable(client, cfg.tableName);
    const runtime = createNodePushRuntime({ connections: cfg.push.concurrency, ca: readFileSync(join(dir, "ca.pem"), "utf8") });
    const services = await createServices({
      config: cfg,
      client,
      adminToken: ADMIN,
      logger: createLogger({ level: "warn", write: (line: string) => console.log(line) }),
      push: { transport: tracedTransport(runtime.transport), hmac: runtime.hmac },
    });
    if (process.env.TRACE_WARMUP !== "0") {
      const started = performance.now();
      await services.store.warmUp();
      await warmUpSanitizer();
      console.log(`warm-ups (store, sanitiser): ${Math.round(performance.now() - started)} ms`);
    }
    events.length = 0;
    // Idle before the article, as a service is when a newsroom publishes.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const session = process.env.TRACE_PROFILE === "1" ? new Session() : undefined;
    session?.connect();
    await session?.post("Profiler.enable");
    await session?.post("Profiler.setSamplingInterval", { interval: 200 });
    const owners: Array<{ article: string; owners: Map<string, number> }> = [];
    for (let a = 1; a <= ARTICLES; a++) {
      await session?.post("Profiler.start");
      const t0 = performance.now();
      const t0Us = Number(process.hrtime.bigint() / 1000n);
      const res = await services.app.request("/api/articles", {
        method: "POST",
        headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
        body: JSON.stringify({ id: `trace-${a}`, title: "خبر عاجل", url: `https://news.example/ar/trace-${a}`, category: "سياسة", contentHtml: "<p>نص الخبر الكامل.</p>" }),
      });
      const answered = performance.now() - t0;
      await services.push!.idle();
      const profile = session ? ((await session.post("Profiler.stop")) as { profile: Parameters<typeof topSelf>[0] }).profile : undefined;
      const sends = events.filter((e) => e.kind === "send" && e.start >= t0);
      const delivered = sends.filter((e) => e.ok).length;
      const label = `article ${a} (${a === 1 ? "cold" : "warm"})`;
      report(t0, `${label}, publish answered in ${Math.round(answered)} ms (${res.status}), ${delivered} delivered`);
      if (profile) {
        console.log(`  CPU profile, self time:\n    ${topSelf(profile).join("\n    ")}`);
        const lastPushUs = (Math.max(...sends.map((e) => e.end)) - t0) * 1000;
        const mine = byOwner(profile, t0Us, t0Us + lastPushUs);
        owners.push({ article: label, owners: mine });
        const total = [...mine.values()].reduce((x, y) => x + y, 0);
        console.log(`  CPU by owner, POST → last push (${Math.round(lastPushUs / 1000)} ms wall, ${Math.round(total)} ms CPU on the main thread):`);
        for (const owner of OWNER_ORDER) console.log(`    ${Math.round(mine.get(owner) ?? 0).toString().padStart(6)} ms  ${owner}`);
      }
    }
    if (owners.length > 2) {
      // The warm articles vary (tier-up compilation and a major GC tend to land on the second): their mean, per owner.
      const warm = new Map<string, number>();
      for (const o of owners.slice(1)) for (const [k, v] of o.owners) warm.set(k, (warm.get(k) ?? 0) + v / (owners.length - 1));
      owners.push({ article: `warm, mean of ${owners.length - 1}`, owners: warm });
    }
    if (owners.length > 0) {
      console.log(`\nCPU ms by owner, POST → last push, N = ${N}${process.env.TRACE_WARMUP === "0" ? ", no warm-ups" : ""}:`);
      console.log(`| owner | ${owners.map((o) => o.article).join(" | ")} |`);
      console.log(`|---|${owners.map(() => "---:").join("|")}|`);
      for (const owner of [...OWNER_ORDER, "total"]) {
        const cell = (m: Map<string, number>) => Math.round(owner === "total" ? [...m.values()].reduce((x, y) => x + y, 0) : (m.get(owner) ?? 0));
        console.log(`| ${owner} | ${owners.map((o) => cell(o.owners)).join(" | ")} |`);
      }
    }
    await runtime.close();
    client.destroy();
  } finally {
    await dynamo.close();
  }
}

if (process.env.TRACE_ROLE === "publish") await publish();
else await orchestrate();
