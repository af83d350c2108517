/**
 * Diagnostic (not part of npm run bench): where the time between a publish and its pushes goes. Composes the service
 * as functions/local.ts does (embedded store on disk, undici transport), records every store request and every push
 * send, publishes articles to N subscribers (the loopback receiver in a child process) and prints a timeline: store
 * requests before the first send, sends in flight over time, gaps with nothing in flight.
 * Env: TRACE_N (default 2000), TRACE_ARTICLES (default 2: a cold one, then a warm one), TRACE_EVENTS=1 lists them all,
 * TRACE_PROFILE=1 adds a CPU profile of each article (self time by function, this process: service and store).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../../lib/config.ts";
import { createLogger } from "../../functions/node/logger.ts";
import { createServices } from "../../lib/services.ts";
import { ensureTable, type DocumentClient } from "../../lib/store/index.ts";
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
    try {
      return await transport(request);
    } finally {
      events.push({ kind: "send", what: "send", start, end: performance.now() });
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
function topSelf(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }, limit = 25): string[] {
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

const receiver = await startReceiverProcess();
const dir = mkdtempSync(join(tmpdir(), "push-trace-"));
const dynamo = await startEmbeddedDynamo({ path: join(dir, "dynamodb") });
try {
  const keys = webpush.generateVAPIDKeys();
  const parsed = parseConfig({
    DEMO: "0",
    VAPID_PUBLIC_KEY: keys.publicKey,
    VAPID_PRIVATE_KEY: keys.privateKey,
    PUSH_ALLOWED_HOSTS: `127.0.0.1:${receiver.port}`,
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(PUSH_|SUB_SHARDS)/.test(k))),
  });
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  const client = traced(createNodeDocumentClient({ endpoint: dynamo.endpoint, region: "us-east-1" }));
  await ensureTable(client, parsed.config.tableName);
  const runtime = createNodePushRuntime({ connections: parsed.config.push.concurrency, ca: receiver.ca });
  const services = await createServices({
    config: parsed.config,
    client,
    adminToken: "trace-admin-token-0123456789",
    logger: createLogger({ level: "warn", write: (line: string) => console.log(line) }),
    push: { transport: tracedTransport(runtime.transport), hmac: runtime.hmac },
  });
  const subs = await receiver.subscribe(N);
  for (let i = 0; i < subs.length; i += 50) await Promise.all(subs.slice(i, i + 50).map((s) => services.store.subscriptions.upsert(s)));
  const session = process.env.TRACE_PROFILE === "1" ? new Session() : undefined;
  session?.connect();
  await session?.post("Profiler.enable");
  await session?.post("Profiler.setSamplingInterval", { interval: 200 });
  for (let a = 1; a <= ARTICLES; a++) {
    const before = (await receiver.stats()).delivered;
    await session?.post("Profiler.start");
    const t0 = performance.now();
    const res = await services.app.request("/api/articles", {
      method: "POST",
      headers: { authorization: "Bearer trace-admin-token-0123456789", "content-type": "application/json" },
      body: JSON.stringify({ id: `trace-${a}`, title: "خبر عاجل", url: `https://news.example/ar/trace-${a}`, category: "سياسة" }),
    });
    const answered = performance.now() - t0;
    await services.push!.idle();
    const profile = session ? ((await session.post("Profiler.stop")) as { profile: Parameters<typeof topSelf>[0] }).profile : undefined;
    const delivered = (await receiver.stats()).delivered - before;
    report(t0, `article ${a} (${a === 1 ? "cold" : "warm"}), publish answered in ${Math.round(answered)} ms (${res.status}), ${delivered} delivered`);
    if (profile) console.log(`  CPU profile, self time:\n    ${topSelf(profile).join("\n    ")}`);
  }
  await runtime.close();
} finally {
  await dynamo.close();
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
}
