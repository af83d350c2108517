/**
 * Per-call cost of the DynamoDB client: CPU (this process only: dynalite runs in a child) and wall time per PutItem +
 * GetItem pair, sequential, over keep-alive, against dynalite on loopback. No target: this is the price of the SDK.
 *
 * BASELINE_ROOT=<checkout of an older revision> also measures that revision's client in the same run, alternated
 * (functions/node/dynamo-client.ts and its command classes from lib/store/commands.ts when it has them: the hand-made
 * client this replaced; docs/benchmarks.md has the figures).
 * Run: npx tsx bench/dynamo-calls.ts   (writes bench/results/dynamo-calls.json)
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { createNodeDocumentClient } from "../functions/node/dynamo-client.ts";
import { ensureTable } from "../lib/store/index.ts";

const PAIRS = Number(process.env.DYNAMO_BENCH_PAIRS ?? 300);
const ROUNDS = Number(process.env.DYNAMO_BENCH_ROUNDS ?? 5);
export const TABLE = "bench-calls";

export interface Client {
  name: string;
  send(command: unknown): Promise<unknown>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  Put: new (input: any) => unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  Get: new (input: any) => unknown;
}

/** dynalite in its own process, so the CPU measured here is the client's alone. */
export async function startDynaliteProcess(): Promise<{ endpoint: string; stop(): void }> {
  const module = pathToFileURL(fileURLToPath(new URL("../functions/node/embedded-dynamo.ts", import.meta.url))).href;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", `const { startEmbeddedDynamo } = await import(${JSON.stringify(module)}); const d = await startEmbeddedDynamo(); console.log(d.endpoint);`], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString("utf8").trim()));
    child.once("exit", (code) => reject(new Error(`dynalite exited with ${code}`)));
  });
  return { endpoint, stop: () => void child.kill() };
}

export async function baselineClient(root: string, endpoint: string): Promise<Client | undefined> {
  const clientModule = join(root, "functions/node/dynamo-client.ts");
  const commandsModule = join(root, "lib/store/commands.ts");
  if (!existsSync(clientModule)) return undefined;
  const { createNodeDocumentClient: create } = (await import(pathToFileURL(clientModule).href)) as typeof import("../functions/node/dynamo-client.ts");
  const commands = existsSync(commandsModule) ? ((await import(pathToFileURL(commandsModule).href)) as { GetCommand: Client["Get"]; PutCommand: Client["Put"] }) : { GetCommand, PutCommand };
  const client = create({ endpoint, region: "us-east-1" }) as unknown as { send(command: unknown): Promise<unknown> };
  return { name: `baseline (${root})`, send: (c) => client.send(c), Put: commands.PutCommand, Get: commands.GetCommand };
}

export const ITEM = {
  title: "واشنطن تؤكد استعدادها لدعم تركيا فيما يخص إدلب",
  summary: "أكدت واشنطن استعدادها لدعم تركيا في إدلب، في حين تواصل روسيا والنظام السوري قصف المنطقة.".repeat(4),
  tags: ["إدلب", "تركيا"],
  views: 1234,
  live: true,
};

/** `count` PutItem + GetItem pairs in sequence; each item must read back as written. */
export async function pairs(client: Client, count: number, offset: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const key = { pk: `A#bench-${(offset + i) % 500}`, sk: "A" };
    await client.send(new client.Put({ TableName: TABLE, Item: { ...key, ...ITEM } }));
    const out = (await client.send(new client.Get({ TableName: TABLE, Key: key }))) as { Item?: { title?: string } };
    if (out.Item?.title !== ITEM.title) throw new Error(`${client.name}: item not read back`);
  }
}

/** CPU (this process) and wall time per pair over one round of `count` pairs. */
export async function measure(client: Client, round: number, count = PAIRS): Promise<{ cpuUs: number; wallUs: number }> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await pairs(client, count, round * count);
  const wallUs = Number(process.hrtime.bigint() - started) / 1e3 / count;
  const used = process.cpuUsage(cpu);
  return { cpuUs: (used.user + used.system) / count, wallUs };
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export async function main(): Promise<Record<string, unknown>> {
  const dynamo = await startDynaliteProcess();
  try {
    const sdk = createNodeDocumentClient({ endpoint: dynamo.endpoint, region: "us-east-1" });
    await ensureTable(sdk, TABLE);
    const clients: Client[] = [{ name: "sdk", send: (c) => sdk.send(c as never), Put: PutCommand, Get: GetCommand }];
    const baseline = process.env.BASELINE_ROOT ? await baselineClient(process.env.BASELINE_ROOT, dynamo.endpoint) : undefined;
    if (baseline) clients.push(baseline);
    for (const client of clients) await pairs(client, 500, 0); // warm: JIT (the SDK has much code to optimise), sockets, dynalite
    const samples = new Map(clients.map((c) => [c.name, [] as { cpuUs: number; wallUs: number }[]]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const client of round % 2 ? [...clients].reverse() : clients) samples.get(client.name)!.push(await measure(client, round));
    }
    const perPair = Object.fromEntries(
      [...samples].map(([name, s]) => [name, { cpuUs: Math.round(median(s.map((x) => x.cpuUs))), wallUs: Math.round(median(s.map((x) => x.wallUs))), rounds: s }]),
    );
    for (const [name, v] of Object.entries(perPair)) console.log(`${name}: ${v.cpuUs} µs CPU, ${v.wallUs} µs wall per PutItem + GetItem (median of ${ROUNDS} × ${PAIRS})`);
    const result = { node: process.version, pairs: PAIRS, rounds: ROUNDS, perPair };
    mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
    writeFileSync(new URL("./results/dynamo-calls.json", import.meta.url), JSON.stringify(result, null, 2) + "\n");
    sdk.destroy();
    return result;
  } finally {
    dynamo.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
  process.exit(0);
}
