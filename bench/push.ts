/**
 * Push delivery benchmark: the production sender (web-push encrypting, cached VAPID header, undici) against the raw
 * RFC 8291 crypto floor and against plain `webpush.sendNotification`, all sending to a loopback push service in a
 * child process that verifies and decrypts every message (so only the sender's CPU is measured here).
 * Run: npx tsx bench/push.ts   (writes bench/results/push.json)
 */

import { execFileSync } from "node:child_process";
import { createCipheriv, createECDH, createHmac, randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";
import { mkdirSync, writeFileSync } from "node:fs";
import https from "node:https";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import webpush from "web-push";
import { startReceiverProcess, type ReceiverProcess } from "../scripts/load/receiver-process.ts";
import type { Article } from "../lib/model/article.ts";
import { createClickTags } from "../lib/push/click-tags.ts";
import { buildPushPayload, withClickTag } from "../lib/push/payload.ts";
import { runWithConcurrency } from "../lib/push/pool.ts";
import { createPushSender, type PushTarget, type SendResult } from "../lib/push/sender.ts";
import { createVapidHeaders } from "../lib/push/vapid-headers.ts";
import { createNodePushRuntime } from "../functions/node/push-runtime.ts";
import { createUndiciTransport } from "../functions/node/undici-transport.ts";

const here = dirname(fileURLToPath(import.meta.url));
const SUBSCRIBERS = 2000;
const MEMORY_SUBSCRIBERS = 10_000;
const CONCURRENCY = 64;
const ROUNDS = Number(process.env.PUSH_BENCH_ROUNDS ?? 5);
/**
 * PUSH_BENCH_PIN=1 (the default where there are 2+ CPUs): this process (every phase, the floor included) on CPU 0,
 * the receiver on CPU 1. In production the push service is another machine; unpinned, the receiver's decryption
 * (~300 µs a message) lands on the sender's core at random and its cache misses and switches are billed to
 * whichever phase is running. The floor has the core to itself either way.
 */
const PIN = (process.env.PUSH_BENCH_PIN ?? (availableParallelism() >= 2 ? "1" : "0")) === "1";

/** Pins a process and all its threads to one CPU. */
function pin(pid: number | undefined, cpu: number): void {
  if (pid !== undefined) execFileSync("taskset", ["-a", "-p", "-c", String(cpu), String(pid)], { stdio: "ignore" });
}

interface Phase {
  name: string;
  perSecond: number;
  cpuMicros: number;
  wallMs: number;
  /** The receiver child's CPU per message during this phase (phases that send). */
  receiverCpuMicros?: number;
}

/** RFC 8291 per message, nothing else: ephemeral ECDH key, shared secret, HKDF ×2, AES-128-GCM. */
function encryptFloor(p256dh: Buffer, auth: Buffer, plaintext: Buffer): Buffer {
  const ecdh = createECDH("prime256v1");
  const senderPublic = ecdh.generateKeys();
  const secret = ecdh.computeSecret(p256dh);
  const salt = randomBytes(16);
  const prkKey = createHmac("sha256", auth).update(secret).digest();
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), p256dh, senderPublic, Buffer.from([1])]);
  const ikm = createHmac("sha256", prkKey).update(keyInfo).digest();
  const prk = createHmac("sha256", salt).update(ikm).digest();
  const cek = createHmac("sha256", prk).update("Content-Encoding: aes128gcm\0\x01").digest().subarray(0, 16);
  const nonce = createHmac("sha256", prk).update("Content-Encoding: nonce\0\x01").digest().subarray(0, 12);
  const cipher = createCipheriv("aes-128-gcm", cek, nonce);
  return Buffer.concat([cipher.update(plaintext), cipher.update(Buffer.from([2])), cipher.final(), cipher.getAuthTag()]);
}

/** {@link measure}, plus the receiver's CPU over the same phase (asked before and after, outside the timing). */
async function measureWithReceiver(receiver: ReceiverProcess, name: string, count: number, run: () => Promise<void>): Promise<Phase> {
  const before = await receiver.stats();
  const phase = await measure(name, count, run);
  const after = await receiver.stats();
  const cpu = after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system;
  return { ...phase, receiverCpuMicros: cpu / count };
}

async function measure(name: string, count: number, run: () => Promise<void>): Promise<Phase> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await run();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { name, wallMs, perSecond: (count / wallMs) * 1000, cpuMicros: (cpu.user + cpu.system) / count };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function summarise(phases: Phase[]): Phase {
  const first = phases[0];
  if (!first) throw new Error("no phases");
  return {
    name: first.name,
    perSecond: median(phases.map((p) => p.perSecond)),
    cpuMicros: median(phases.map((p) => p.cpuMicros)),
    wallMs: median(phases.map((p) => p.wallMs)),
    ...(first.receiverCpuMicros !== undefined ? { receiverCpuMicros: median(phases.map((p) => p.receiverCpuMicros ?? NaN)) } : {}),
  };
}

function expectAll(results: SendResult[], label: string): void {
  const bad = results.filter((r) => r.kind !== "delivered");
  if (bad.length) throw new Error(`${label}: ${bad.length} not delivered, e.g. ${JSON.stringify(bad[0])}`);
}

const article: Article = {
  id: "2020-07-08-sudan-talks",
  title: "وزير الخارجية السوداني يلتقي نظيره المصري في الخرطوم لبحث ملف سد النهضة",
  url: "https://www.anapress.net/ar/articles/2020/07/08/sudan-talks",
  summary:
    "بحث الجانبان سبل تعزيز العلاقات الثنائية وتطورات ملف سد النهضة، وأكدا ضرورة التوصل إلى اتفاق ملزم يراعي مصالح الدول الثلاث.",
  contentHtml: "",
  tags: [],
  imageUrl: "https://www.anapress.net/images/2020/07/lead.jpg",
  publishedAt: "2020-07-08T18:57:00.000Z",
  updatedAt: "2020-07-08T18:57:00.000Z",
  views: 0,
  lang: "ar",
  breaking: false,
};

/** Runs the benchmark, prints a table and returns the figures (also written to bench/results/push.json). */
export async function main(): Promise<Record<string, unknown>> {
  const receiver = await startReceiverProcess();
  if (PIN) {
    pin(process.pid, 0);
    pin(receiver.pid, 1);
  }
  const { url, ca } = receiver;
  try {
    const subscriptions: PushTarget[] = await receiver.subscribe(SUBSCRIBERS);
    const subIds = subscriptions.map((_, i) => `sub-${i}`);
    const base = buildPushPayload(article, { baseUrl: "https://news.example.com", iconUrl: "/static/icon.png" });
    const keys = webpush.generateVAPIDKeys();
    const vapidDetails = { subject: "mailto:newsroom@example.com", ...keys };

    // Production, as lib/push/delivery.ts and functions/push-worker.ts compose it: per subscriber a click tag
    // (node:crypto HMAC), its copy of the declarative payload, web-push's encryption with the cached VAPID header,
    // undici HTTP/1.1 with PUSH_CONCURRENCY connections. Only the test CA is added.
    const production = createNodePushRuntime({ connections: CONCURRENCY, ca });
    const vapid = await createVapidHeaders(vapidDetails, { now: Date.now });
    const clickTags = await createClickTags({ secret: "bench-click-secret", hmac: production.hmac });
    const send = createPushSender({ vapid, transport: production.transport, now: Date.now, timeoutMs: 10_000 });
    const ours = async () =>
      expectAll(
        await runWithConcurrency(subscriptions, CONCURRENCY, async (s, i) =>
          send(s, JSON.stringify(withClickTag(base, await clickTags.tagFor(article.id, subIds[i]!)))),
        ),
        "ours",
      );

    // Plain web-push as its README shows it: sendNotification with the VAPID details, over its default agent
    // (Node's global keep-alive agent, trusting the test CA), one payload for everyone.
    https.globalAgent.options.ca = ca;
    const payload = JSON.stringify(withClickTag(base, "A".repeat(20)));
    const plain = async () =>
      expectAll(
        (await runWithConcurrency(subscriptions, CONCURRENCY, (s) => webpush.sendNotification(s, payload, { vapidDetails }).then(
          (r) => ({ kind: "delivered", status: r.statusCode }) as SendResult,
          (e: { statusCode?: number }) => ({ kind: "rejected", status: e.statusCode ?? 0, reason: String(e) }) as SendResult,
        ))),
        "plain",
      );

    const decoded = subscriptions.map((s) => ({ p256dh: Buffer.from(s.keys.p256dh, "base64url"), auth: Buffer.from(s.keys.auth, "base64url") }));
    const plaintext = Buffer.from(payload);
    const floor = async () => {
      for (const d of decoded) encryptFloor(d.p256dh, d.auth, plaintext);
    };

    // Breakdown, same run (not part of the targets): web-push's request building alone (encryption and headers, the
    // cached Authorization), the click tag and payload copy alone, and undici alone with bodies encrypted beforehand
    // (the receiver still verifies and decrypts each one).
    const authorization = vapid.authorizationFor(url);
    const details = (s: PushTarget) =>
      webpush.generateRequestDetails(s, payload, {
        TTL: 86_400,
        urgency: "normal",
        contentEncoding: "aes128gcm",
        headers: { Authorization: authorization },
        vapidDetails: null as unknown as undefined,
      });
    const webpushOnly = async () => {
      for (const s of subscriptions) details(s);
    };
    const tagsOnly = async () => {
      for (const [i] of subscriptions.entries()) JSON.stringify(withClickTag(base, await clickTags.tagFor(article.id, subIds[i]!)));
    };
    const prepared = subscriptions.map((s) => {
      const d = details(s);
      const headers: Record<string, string> = {};
      for (const name in d.headers) headers[name] = String(d.headers[name]);
      return { method: d.method, endpoint: d.endpoint, headers, body: d.body, timeoutMs: 10_000 };
    });
    const undiciOnly = async () => {
      const results = await runWithConcurrency(prepared, CONCURRENCY, (r) => production.transport(r));
      const bad = results.filter((r) => r.status !== 201);
      if (bad.length) throw new Error(`undici only: ${bad.length} not delivered`);
    };

    // Warm-up: every path once (connections open, JIT warm). Between two uses of the pool a round leaves a few
    // seconds, under undici's 30 s keep-alive, so every phase runs on open connections; set-up is measured below.
    await ours();
    await plain();
    await floor();
    await webpushOnly();
    await tagsOnly();
    await undiciOnly();

    const runs = { floor: [] as Phase[], ours: [] as Phase[], plain: [] as Phase[], webpushOnly: [] as Phase[], tagsOnly: [] as Phase[], undiciOnly: [] as Phase[] };
    const signedBefore = vapid.signedCount;
    const before = await receiver.stats();
    for (let round = 0; round < ROUNDS; round++) {
      runs.floor.push(await measure("raw crypto floor (RFC 8291 on node:crypto, no HTTP)", SUBSCRIBERS, floor));
      runs.ours.push(await measureWithReceiver(receiver, "ours (production): click tag + web-push + cached VAPID + undici", SUBSCRIBERS, ours));
      runs.plain.push(await measureWithReceiver(receiver, "plain webpush.sendNotification", SUBSCRIBERS, plain));
      runs.webpushOnly.push(await measure("breakdown: web-push generateRequestDetails alone (no HTTP)", SUBSCRIBERS, webpushOnly));
      runs.tagsOnly.push(await measure("breakdown: click tag + payload copy alone", SUBSCRIBERS, tagsOnly));
      runs.undiciOnly.push(await measureWithReceiver(receiver, "breakdown: undici alone (bodies encrypted beforehand)", SUBSCRIBERS, undiciOnly));
    }
    // Connection set-up: CPU of the first CONCURRENCY sends on a fresh pool (CONCURRENCY TLS connections), minus the
    // same sends once warm.
    const setup: number[] = [];
    const first = prepared.slice(0, CONCURRENCY);
    for (let round = 0; round < ROUNDS; round++) {
      const t = createUndiciTransport({ ca, connections: CONCURRENCY });
      const cpu0 = process.cpuUsage();
      await runWithConcurrency(first, CONCURRENCY, (r) => t.send(r));
      const cold = process.cpuUsage(cpu0);
      const cpu1 = process.cpuUsage();
      await runWithConcurrency(first, CONCURRENCY, (r) => t.send(r));
      const warm = process.cpuUsage(cpu1);
      setup.push((cold.user + cold.system - warm.user - warm.system) / 1000);
      await t.close();
    }
    const after = await receiver.stats();
    // 3 sending phases per round, and 2 passes of CONCURRENCY per set-up round.
    const expected = SUBSCRIBERS * ROUNDS * 3 + ROUNDS * 2 * CONCURRENCY;
    if (after.delivered - before.delivered !== expected || after.refused !== before.refused) {
      throw new Error(`receiver accepted ${after.delivered - before.delivered} of ${expected}, refused ${after.refused - before.refused}`);
    }
    const p = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, summarise(v)])) as Record<keyof typeof runs, Phase>;
    const receiverCpuMicros = (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / expected;
    const vapidSignatures = vapid.signedCount - signedBefore;

    const memory = await memoryAt(receiver, send, base, clickTags);
    await production.close();

    const result = {
      subscribers: SUBSCRIBERS,
      concurrency: CONCURRENCY,
      rounds: ROUNDS,
      payloadBytes: plaintext.length,
      node: process.version,
      pinned: PIN,
      phases: p,
      ratios: {
        oursCpuVsFloor: p.ours.cpuMicros / p.floor.cpuMicros,
        oursThroughputVsPlain: p.ours.perSecond / p.plain.perSecond,
        plainCpuVsOurs: p.plain.cpuMicros / p.ours.cpuMicros,
        webpushOnlyVsFloor: p.webpushOnly.cpuMicros / p.floor.cpuMicros,
      },
      targets: { oursCpuVsFloorMax: 2.0, oursThroughputVsPlainMin: 3 },
      vapidSignaturesDuringMeasuredRounds: vapidSignatures,
      receiverCpuMicrosPerMessage: receiverCpuMicros,
      connectionSetupCpuMs: Math.round(median(setup) * 10) / 10,
      memory,
    };
    print(result);
    mkdirSync(join(here, "results"), { recursive: true });
    writeFileSync(join(here, "results", "push.json"), JSON.stringify(result, null, 2) + "\n");
    return result;
  } finally {
    await receiver.close();
  }
}

/** RSS and heap while the production path sends to 10,000 subscribers (a batch is at most 1,000; this is ten). */
async function memoryAt(
  receiver: ReceiverProcess,
  send: ReturnType<typeof createPushSender>,
  base: ReturnType<typeof buildPushPayload>,
  clickTags: Awaited<ReturnType<typeof createClickTags>>,
) {
  const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
  global.gc?.();
  const start = process.memoryUsage();
  const subscriptions: PushTarget[] = await receiver.subscribe(MEMORY_SUBSCRIBERS);
  const loaded = process.memoryUsage();
  let peakRss = loaded.rss;
  let peakHeap = loaded.heapUsed;
  const samples: number[] = [];
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    samples.push(m.rss);
  }, 20);
  const t0 = performance.now();
  const results = await runWithConcurrency(subscriptions, CONCURRENCY, async (s, i) =>
    send(s, JSON.stringify(withClickTag(base, await clickTags.tagFor(article.id, `mem-${i}`)))),
  );
  const wallMs = performance.now() - t0;
  clearInterval(timer);
  expectAll(results, "memory run");
  const end = process.memoryUsage();
  // "Flat": RSS over the second half of the run against the first half (a leak per message would make it climb).
  const half = Math.floor(samples.length / 2);
  const firstHalf = Math.max(...samples.slice(0, half));
  const secondHalf = Math.max(...samples.slice(half));
  return {
    subscribers: MEMORY_SUBSCRIBERS,
    sendPerSecond: Math.round((MEMORY_SUBSCRIBERS / wallMs) * 1000),
    rssMbBefore: mb(start.rss),
    rssMbLoaded: mb(loaded.rss),
    rssMbPeak: mb(peakRss),
    rssMbPeakFirstHalf: mb(firstHalf),
    rssMbPeakSecondHalf: mb(secondHalf),
    heapMbBefore: mb(start.heapUsed),
    heapMbLoaded: mb(loaded.heapUsed),
    heapMbPeak: mb(peakHeap),
    heapMbAfter: mb(end.heapUsed),
  };
}

function print(r: {
  phases: Record<string, Phase>;
  ratios: Record<string, number>;
  memory: Record<string, number>;
  receiverCpuMicrosPerMessage: number;
  vapidSignaturesDuringMeasuredRounds: number;
  connectionSetupCpuMs: number;
}): void {
  const rows = Object.values(r.phases).map((p) => ({
    phase: p.name,
    "notifications/s": Math.round(p.perSecond),
    "CPU µs/notification": Math.round(p.cpuMicros),
    "wall ms": Math.round(p.wallMs),
    "receiver CPU µs/notification": p.receiverCpuMicros === undefined ? "" : Math.round(p.receiverCpuMicros),
  }));
  console.log(`\nPush delivery, ${SUBSCRIBERS} subscribers, concurrency ${CONCURRENCY}, median of ${ROUNDS} rounds`);
  console.table(rows);
  const ok = (met: boolean) => (met ? "met" : "MISSED");
  console.log(
    `ours CPU / floor CPU        = ${r.ratios.oursCpuVsFloor?.toFixed(2)}  (goal ≤ 2.0: ${ok((r.ratios.oursCpuVsFloor ?? Infinity) <= 2)})\n` +
      `ours / plain throughput     = ${r.ratios.oursThroughputVsPlain?.toFixed(2)}  (goal ≥ 3: ${ok((r.ratios.oursThroughputVsPlain ?? 0) >= 3)})\n` +
      `plain CPU / ours CPU        = ${r.ratios.plainCpuVsOurs?.toFixed(2)}\n` +
      `web-push request alone / floor = ${r.ratios.webpushOnlyVsFloor?.toFixed(2)}\n` +
      `VAPID JWTs signed while measuring = ${r.vapidSignaturesDuringMeasuredRounds} (one origin, one validity window)\n` +
      `receiver CPU µs/message     = ${Math.round(r.receiverCpuMicrosPerMessage)} over all sending phases (child process, not counted above)\n` +
      `connection set-up           = ${r.connectionSetupCpuMs} ms sender CPU for ${CONCURRENCY} fresh TLS connections`,
  );
  console.log(`\nMemory, ${MEMORY_SUBSCRIBERS} subscribers (MB)`);
  console.table([r.memory]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await main();
}
