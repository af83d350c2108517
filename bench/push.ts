/**
 * Push delivery benchmark: our sender vs plain web-push vs the raw RFC 8291 crypto floor, against a
 * loopback push service running in a child process (so only the sender's CPU is measured here).
 * Run: npx tsx bench/push.ts   (writes bench/results/push.json)
 */

import { execFileSync } from "node:child_process";
import { createCipheriv, createECDH, createHmac, randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";
import { mkdirSync, writeFileSync } from "node:fs";
import http2 from "node:http2";
import https from "node:https";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import webpush from "web-push";
import { startReceiverProcess, type ReceiverProcess } from "../scripts/load/receiver-process.ts";
import type { Article } from "../lib/model/article.ts";
import { buildPushPayload } from "../lib/push/payload.ts";
import { runWithConcurrency } from "../lib/push/pool.ts";
import { createHttp2Transport } from "../lib/push/http2-transport.ts";
import { createPushSender, type PushTarget, type SendResult } from "../lib/push/sender.ts";
import { createVapidSigner, generateVapidKeys } from "../lib/push/vapid.ts";
import { encryptPushMessage, padPlaintext } from "../lib/push/ece.ts";
import { createNodePushCrypto } from "../functions/node/push-crypto.ts";
import { createUndiciTransport } from "../functions/node/undici-transport.ts";
import { createNodePushRuntime } from "../functions/node/push-runtime.ts";

const here = dirname(fileURLToPath(import.meta.url));
const SUBSCRIBERS = 2000;
const MEMORY_SUBSCRIBERS = 10_000;
const CONCURRENCY = 64;
const ROUNDS = Number(process.env.PUSH_BENCH_ROUNDS ?? 5);
/** Requests per connection in the pipelined undici phase (CONCURRENCY / PIPELINING connections). */
const PIPELINING = Number(process.env.PUSH_BENCH_PIPELINING ?? 4);
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
  const body = Buffer.concat([cipher.update(plaintext), cipher.update(Buffer.from([2])), cipher.final(), cipher.getAuthTag()]);
  return body;
}

/** {@link measure}, plus the receiver's CPU over the same phase (asked before and after, outside the timing). */
async function measureWithReceiver(
  receiver: ReceiverProcess,
  name: string,
  count: number,
  run: () => Promise<void>,
): Promise<Phase> {
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

function expectAll(results: SendResult[] | unknown[], label: string): void {
  const bad = results.filter((r) => (r as SendResult).kind !== undefined && (r as SendResult).kind !== "delivered");
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
    const payload = JSON.stringify(buildPushPayload(article, { baseUrl: "https://news.example.com", iconUrl: "/icon-192.png" }));
    const keys = await generateVapidKeys();
    const vapidDetails = { subject: "mailto:newsroom@example.com", ...keys };

    // Plain web-push, default options: trust the test CA through the global agent it uses.
    https.globalAgent.options.ca = ca;
    webpush.setVapidDetails(vapidDetails.subject, keys.publicKey, keys.privateKey);
    const plain = () =>
      runWithConcurrency(subscriptions, CONCURRENCY, (s) => webpush.sendNotification(s, payload)).then(() => undefined);

    const agent = new https.Agent({ ca, keepAlive: true, maxSockets: CONCURRENCY });
    const vapid = await createVapidSigner(vapidDetails, { now: Date.now });
    const send = createPushSender({ vapid, agent, now: Date.now, timeoutMs: 10_000 });
    const ours1 = async () => expectAll(await runWithConcurrency(subscriptions, CONCURRENCY, (s) => send(s, payload)), "ours h1");
    // Production, exactly as functions/local.ts and functions/aws/services.ts compose it (createNodePushRuntime: our
    // RFC 8291 encryption over node:crypto, undici HTTP/1.1 with PUSH_CONCURRENCY connections, no pipelining); only
    // the test CA is added.
    const production = createNodePushRuntime({ connections: CONCURRENCY, ca });
    const sendP = createPushSender({ vapid, transport: production.transport, crypto: production.crypto, now: Date.now, timeoutMs: 10_000 });
    const ours = async () => expectAll(await runWithConcurrency(subscriptions, CONCURRENCY, (s) => sendP(s, payload)), "ours");
    const crypto = createNodePushCrypto();
    // The same with pipelining: CONCURRENCY / PIPELINING connections, PIPELINING requests each.
    const undiciPipe = createUndiciTransport({ ca, connections: CONCURRENCY / PIPELINING, pipelining: PIPELINING });
    const sendUP = createPushSender({ vapid, transport: undiciPipe.send, crypto, now: Date.now, timeoutMs: 10_000 });
    const oursPipelined = async () => expectAll(await runWithConcurrency(subscriptions, CONCURRENCY, (s) => sendUP(s, payload)), "ours pipelined");
    // The previous production path: one HTTP/2 session (lib/push/http2-transport.ts over node:http2), same encryption.
    const transport = createHttp2Transport((origin) => http2.connect(origin, { ca }));
    const send2 = createPushSender({ vapid, transport: transport.send, crypto, now: Date.now, timeoutMs: 10_000 });
    const oursHttp2 = async () => expectAll(await runWithConcurrency(subscriptions, CONCURRENCY, (s) => send2(s, payload)), "ours h2");

    const decoded = subscriptions.map((s) => ({ p256dh: Buffer.from(s.keys.p256dh, "base64url"), auth: Buffer.from(s.keys.auth, "base64url") }));
    const plaintext = Buffer.from(payload);
    const floor = async () => {
      for (const d of decoded) encryptFloor(d.p256dh, d.auth, plaintext);
    };

    // Breakdown, same run (not part of the targets): our encryption alone, and each transport alone with bodies
    // encrypted beforehand (the receiver still decrypts and checks each one; a body decrypts again when resent).
    const padded = padPlaintext(plaintext);
    const oursCrypto = async () => {
      for (const d of decoded) encryptPushMessage(crypto, d, padded);
    };
    const authorization = await vapid.authorizationFor(url);
    const prepared = subscriptions.map((s, i) => ({
      endpoint: s.endpoint,
      body: encryptPushMessage(crypto, decoded[i]!, padded),
    }));
    const transportOnly = (label: string, put: typeof transport.send) => async () => {
      const results = await runWithConcurrency(prepared, CONCURRENCY, (p) =>
        put({
          endpoint: p.endpoint,
          headers: { authorization, ttl: "86400", urgency: "normal", "content-encoding": "aes128gcm", "content-type": "application/octet-stream" },
          body: p.body,
          timeoutMs: 10_000,
        }),
      );
      const bad = results.filter((r) => r.status !== 201);
      if (bad.length) throw new Error(`${label}: ${bad.length} not delivered`);
    };
    const http2Only = transportOnly("http2 only", transport.send);
    const undiciOnly = transportOnly("undici only", production.transport);
    // Between two uses of a transport a round leaves ~10 s, under undici's 30 s keep-alive (the receiver closes no
    // idle connection), so every phase runs on open connections; connection set-up is measured on its own below.

    const warm = subscriptions;
    await runWithConcurrency(warm, CONCURRENCY, (s) => webpush.sendNotification(s, payload));
    await runWithConcurrency(warm, CONCURRENCY, (s) => send(s, payload));
    await runWithConcurrency(warm, CONCURRENCY, (s) => send2(s, payload));
    for (const d of decoded) encryptFloor(d.p256dh, d.auth, plaintext);
    await oursCrypto();
    await http2Only();
    await ours();
    await oursPipelined();
    await undiciOnly();

    const runs: Record<string, Phase[]> = {
      floor: [], ours: [], oursPipelined: [], oursHttp2: [], oursHttp1: [], plain: [], oursCrypto: [], undiciOnly: [], http2Only: [],
    };
    const before = await receiver.stats();
    for (let round = 0; round < ROUNDS; round++) {
      runs.floor?.push(await measure("raw crypto floor (no HTTP)", SUBSCRIBERS, floor));
      runs.ours?.push(await measureWithReceiver(receiver, "ours (production): cached VAPID + ece + undici HTTP/1.1", SUBSCRIBERS, ours));
      runs.oursPipelined?.push(
        await measureWithReceiver(receiver, `ours: cached VAPID + ece + undici HTTP/1.1, pipelining ${PIPELINING}`, SUBSCRIBERS, oursPipelined),
      );
      runs.oursHttp2?.push(await measureWithReceiver(receiver, "ours: cached VAPID + ece + HTTP/2 (before)", SUBSCRIBERS, oursHttp2));
      runs.oursHttp1?.push(await measureWithReceiver(receiver, "ours: cached VAPID + HTTPS/1.1 keep-alive (web-push encrypts)", SUBSCRIBERS, ours1));
      runs.plain?.push(await measureWithReceiver(receiver, "plain webpush.sendNotification", SUBSCRIBERS, plain));
      runs.oursCrypto?.push(await measure("breakdown: our encryption only (no HTTP)", SUBSCRIBERS, oursCrypto));
      runs.undiciOnly?.push(await measureWithReceiver(receiver, "breakdown: undici path only (bodies encrypted beforehand)", SUBSCRIBERS, undiciOnly));
      runs.http2Only?.push(await measureWithReceiver(receiver, "breakdown: HTTP/2 path only (bodies encrypted beforehand)", SUBSCRIBERS, http2Only));
    }
    // Connection set-up: CPU of the first CONCURRENCY sends on a fresh transport (each opens what it needs: one
    // HTTP/2 session, CONCURRENCY or CONCURRENCY / PIPELINING TLS connections), minus the same sends once warm.
    const setupRuns: Record<string, number[]> = { http2: [], undici: [], undiciPipelined: [] };
    const first = subscriptions.slice(0, CONCURRENCY);
    const fresh: Record<string, () => { send: typeof transport.send; close(): unknown }> = {
      http2: () => createHttp2Transport((origin) => http2.connect(origin, { ca })),
      undici: () => createUndiciTransport({ ca, connections: CONCURRENCY }),
      undiciPipelined: () => createUndiciTransport({ ca, connections: CONCURRENCY / PIPELINING, pipelining: PIPELINING }),
    };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, make] of Object.entries(fresh)) {
        const t = make();
        const s = createPushSender({ vapid, transport: t.send, crypto, now: Date.now, timeoutMs: 10_000 });
        const cpu0 = process.cpuUsage();
        expectAll(await runWithConcurrency(first, CONCURRENCY, (sub) => s(sub, payload)), `${name} cold`);
        const cold = process.cpuUsage(cpu0);
        const cpu1 = process.cpuUsage();
        expectAll(await runWithConcurrency(first, CONCURRENCY, (sub) => s(sub, payload)), `${name} warm`);
        const warmCpu = process.cpuUsage(cpu1);
        setupRuns[name]?.push((cold.user + cold.system - warmCpu.user - warmCpu.system) / 1000);
        await t.close();
      }
    }
    const connectionSetupCpuMs = Object.fromEntries(Object.entries(setupRuns).map(([k, v]) => [k, Math.round(median(v) * 10) / 10]));
    const after = await receiver.stats();
    // 7 sending phases and 3 × 2 set-up passes of CONCURRENCY per round.
    const expected = SUBSCRIBERS * ROUNDS * 7 + ROUNDS * 3 * 2 * CONCURRENCY;
    if (after.delivered - before.delivered !== expected || after.refused !== before.refused) {
      throw new Error(`receiver accepted ${after.delivered - before.delivered} of ${expected}, refused ${after.refused - before.refused}`);
    }
    const floorP = summarise(runs.floor ?? []);
    const oursP = summarise(runs.ours ?? []);
    const pipeP = summarise(runs.oursPipelined ?? []);
    const h2P = summarise(runs.oursHttp2 ?? []);
    const ours1P = summarise(runs.oursHttp1 ?? []);
    const plainP = summarise(runs.plain ?? []);
    const cryptoP = summarise(runs.oursCrypto ?? []);
    const undiciOnlyP = summarise(runs.undiciOnly ?? []);
    const http2P = summarise(runs.http2Only ?? []);
    const receiverCpuMicros = (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / expected;

    // Memory at 10,000 subscribers on the production path.
    const memory = await memoryAt(receiver, sendP, payload);
    agent.destroy();
    transport.close();
    await production.close();
    await undiciPipe.close();

    const result = {
      subscribers: SUBSCRIBERS,
      concurrency: CONCURRENCY,
      rounds: ROUNDS,
      payloadBytes: plaintext.length,
      node: process.version,
      pipelining: PIPELINING,
      phases: {
        floor: floorP, ours: oursP, oursPipelined: pipeP, oursHttp2: h2P, oursHttp1: ours1P, plain: plainP,
        oursCrypto: cryptoP, undiciOnly: undiciOnlyP, http2Only: http2P,
      },
      ratios: {
        oursCpuVsFloor: oursP.cpuMicros / floorP.cpuMicros,
        oursThroughputVsPlain: oursP.perSecond / plainP.perSecond,
        plainCpuVsOurs: plainP.cpuMicros / oursP.cpuMicros,
        oursPipelinedCpuVsFloor: pipeP.cpuMicros / floorP.cpuMicros,
        oursPipelinedThroughputVsPlain: pipeP.perSecond / plainP.perSecond,
        oursHttp2CpuVsFloor: h2P.cpuMicros / floorP.cpuMicros,
        oursHttp2ThroughputVsPlain: h2P.perSecond / plainP.perSecond,
        oursHttp1CpuVsFloor: ours1P.cpuMicros / floorP.cpuMicros,
        oursHttp1ThroughputVsPlain: ours1P.perSecond / plainP.perSecond,
        oursCryptoVsFloor: cryptoP.cpuMicros / floorP.cpuMicros,
      },
      targets: { oursCpuVsFloorMax: 1.2, oursThroughputVsPlainMin: 3 },
      vapidSignatures: vapid.signedCount,
      receiverCpuMicrosPerMessage: receiverCpuMicros,
      connectionSetupCpuMs,
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

async function memoryAt(receiver: ReceiverProcess, send: ReturnType<typeof createPushSender>, payload: string) {
  const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
  global.gc?.();
  const base = process.memoryUsage();
  const subscriptions: PushTarget[] = await receiver.subscribe(MEMORY_SUBSCRIBERS);
  const loaded = process.memoryUsage();
  let peakRss = loaded.rss;
  let peakHeap = loaded.heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 20);
  const t0 = performance.now();
  const results = await runWithConcurrency(subscriptions, CONCURRENCY, (s) => send(s, payload));
  const wallMs = performance.now() - t0;
  clearInterval(timer);
  expectAll(results, "memory run");
  const end = process.memoryUsage();
  return {
    subscribers: MEMORY_SUBSCRIBERS,
    sendPerSecond: Math.round((MEMORY_SUBSCRIBERS / wallMs) * 1000),
    rssMbBefore: mb(base.rss),
    rssMbLoaded: mb(loaded.rss),
    rssMbPeak: mb(peakRss),
    heapMbBefore: mb(base.heapUsed),
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
  vapidSignatures: number;
  connectionSetupCpuMs: Record<string, number>;
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
  console.log(
    `ours (production, undici) CPU / floor CPU = ${r.ratios.oursCpuVsFloor?.toFixed(2)}  (target ≤ 1.2)\n` +
      `ours (production, undici) / plain throughput = ${r.ratios.oursThroughputVsPlain?.toFixed(2)}  (target ≥ 3)\n` +
      `ours (undici pipelined) CPU / floor CPU   = ${r.ratios.oursPipelinedCpuVsFloor?.toFixed(2)}\n` +
      `ours (undici pipelined) / plain throughput = ${r.ratios.oursPipelinedThroughputVsPlain?.toFixed(2)}\n` +
      `ours (HTTP/2) CPU / floor CPU             = ${r.ratios.oursHttp2CpuVsFloor?.toFixed(2)}\n` +
      `ours (HTTP/2) / plain throughput          = ${r.ratios.oursHttp2ThroughputVsPlain?.toFixed(2)}\n` +
      `ours (HTTPS/1.1, web-push) CPU / floor CPU = ${r.ratios.oursHttp1CpuVsFloor?.toFixed(2)}\n` +
      `ours (HTTPS/1.1, web-push) / plain        = ${r.ratios.oursHttp1ThroughputVsPlain?.toFixed(2)}\n` +
      `our encryption alone / floor CPU          = ${r.ratios.oursCryptoVsFloor?.toFixed(2)}\n` +
      `plain CPU / ours CPU      = ${r.ratios.plainCpuVsOurs?.toFixed(2)}\n` +
      `VAPID JWTs signed by ours = ${r.vapidSignatures}\n` +
      `receiver CPU µs/message   = ${Math.round(r.receiverCpuMicrosPerMessage)} over all sending phases (child process, not counted above)`,
  );
  console.log(`\nConnection set-up, sender CPU ms for the first ${CONCURRENCY} sends on a fresh transport minus the same sends warm`);
  console.table([r.connectionSetupCpuMs]);
  console.log(`\nMemory, ${MEMORY_SUBSCRIBERS} subscribers (MB)`);
  console.table([r.memory]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await main();
}
