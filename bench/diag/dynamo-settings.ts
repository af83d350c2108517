/**
 * Diagnostic (not part of npm run bench): what each DynamoDB client setting costs per call, every variant measured in
 * the same process, rounds alternating the order, as CPU and wall time per PutItem + GetItem pair against dynalite in a
 * child process (as bench/dynamo-calls.ts) and as a ratio to "ours" in the same round (median over rounds).
 *
 * Variants marked "info" are not candidates for production (they drop a protection or leave the document client); they
 * show where the per-call cost sits. BASELINE_ROOT=<checkout of 71a549f> adds the hand-made client this one replaced.
 * Env: VARIANTS (comma-separated names; default all), DYNAMO_BENCH_PAIRS (200), DYNAMO_BENCH_ROUNDS (7).
 * Run: npx tsx bench/diag/dynamo-settings.ts
 */
import { DynamoDBClient, GetItemCommand, PutItemCommand, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { createNodeDocumentClient, documentTranslation, dynamoClientConfig } from "../../functions/node/dynamo-client.ts";
import { ensureTable } from "../../lib/store/index.ts";
import { baselineClient, measure as measureRound, median, pairs, startDynaliteProcess, TABLE, type Client } from "../dynamo-calls.ts";

const PAIRS = Number(process.env.DYNAMO_BENCH_PAIRS ?? 200);
const ROUNDS = Number(process.env.DYNAMO_BENCH_ROUNDS ?? 7);

type Make = (endpoint: string) => Client & { destroy?(): void };

/** A document client over DynamoDBClient built from our configuration with `change` applied. */
function documentVariant(name: string, change: (config: DynamoDBClientConfig) => DynamoDBClientConfig, after?: (c: DynamoDBDocumentClient) => void): [string, Make] {
  return [
    name,
    (endpoint) => {
      const client = DynamoDBDocumentClient.from(new DynamoDBClient(change(dynamoClientConfig({ endpoint, region: "us-east-1" }))), documentTranslation());
      after?.(client);
      return { name, send: (c) => client.send(c as never), Put: PutCommand, Get: GetCommand, destroy: () => client.destroy() };
    },
  ];
}

/** The low-level client with util-dynamodb's marshalling done by hand: what the document layer adds per call. */
function lowLevel(name: string, change: (config: DynamoDBClientConfig) => DynamoDBClientConfig): [string, Make] {
  const options = documentTranslation();
  class Put {
    constructor(readonly input: { TableName: string; Item: Record<string, unknown> }) {}
  }
  class Get {
    constructor(readonly input: { TableName: string; Key: Record<string, unknown> }) {}
  }
  return [
    name,
    (endpoint) => {
      const client = new DynamoDBClient(change(dynamoClientConfig({ endpoint, region: "us-east-1" })));
      return {
        name,
        Put,
        Get,
        send: async (command) => {
          if (command instanceof Put) {
            return client.send(new PutItemCommand({ TableName: command.input.TableName, Item: marshall(command.input.Item, options.marshallOptions) }));
          }
          const get = command as Get;
          const out = await client.send(new GetItemCommand({ TableName: get.input.TableName, Key: marshall(get.input.Key, options.marshallOptions) }));
          return { Item: out.Item ? unmarshall(out.Item, options.unmarshallOptions) : undefined };
        },
        destroy: () => client.destroy(),
      };
    },
  ];
}

const same = (c: DynamoDBClientConfig) => c;

const VARIANTS: Array<[string, Make]> = [
  ["ours", (endpoint) => {
    const client = createNodeDocumentClient({ endpoint, region: "us-east-1" });
    return { name: "ours", send: (c) => client.send(c as never), Put: PutCommand, Get: GetCommand, destroy: () => client.destroy() };
  }],
  documentVariant("accountIdEndpointMode disabled", (c) => ({ ...c, accountIdEndpointMode: "disabled" })),
  documentVariant("endpointDiscoveryEnabled false", (c) => ({ ...c, endpointDiscoveryEnabled: false })),
  documentVariant("endpoint as an object (parsed once)", (c) => {
    const url = new URL(String(c.endpoint));
    return { ...c, endpoint: { protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: "/" } };
  }),
  documentVariant("socketTimeout 0 (requestTimeout alone bounds the call)", (c) => ({ ...c, requestHandler: new NodeHttpHandler({ ...handlerOptions(c), socketTimeout: 0 }) })),
  documentVariant("info: no timeouts at all", (c) => ({ ...c, requestHandler: new NodeHttpHandler({ ...handlerOptions(c), connectionTimeout: 0, requestTimeout: 0, socketTimeout: 0 }) })),
  documentVariant("info: SDK default handler (no keep-alive settings)", (c) => {
    const { requestHandler: _ignored, ...rest } = c;
    return rest;
  }),
  documentVariant("info: maxAttempts 1 (no retries)", (c) => ({ ...c, maxAttempts: 1 })),
  documentVariant("retryMode adaptive", (c) => ({ ...c, retryMode: "adaptive" })),
  documentVariant("info: user-agent middleware removed", same, (d) => void d.middlewareStack.remove("getUserAgentMiddleware")),
  documentVariant("info: logger + recursion-detection removed", same, (d) => {
    d.middlewareStack.remove("loggerMiddleware");
    d.middlewareStack.remove("recursionDetectionMiddleware");
  }),
  lowLevel("info: low-level DynamoDBClient + marshall (no document layer)", same),
  lowLevel("info: low-level + cacheMiddleware", (c) => ({ ...c, cacheMiddleware: true })),
];

/** The NodeHttpHandler options our configuration uses, to vary one of them. */
function handlerOptions(config: DynamoDBClientConfig) {
  const local = config.endpoint !== undefined;
  return {
    connectionTimeout: local ? 10_000 : 1_000,
    requestTimeout: local ? 15_000 : 3_000,
    throwOnRequestTimeout: true,
    httpAgent: { keepAlive: true, maxSockets: 50 },
    httpsAgent: { keepAlive: true, maxSockets: 50 },
  };
}

const dynamo = await startDynaliteProcess();
try {
  const wanted = process.env.VARIANTS?.split(",").map((v) => v.trim());
  const setup = createNodeDocumentClient({ endpoint: dynamo.endpoint, region: "us-east-1" });
  await ensureTable(setup, TABLE);
  setup.destroy();
  const clients = VARIANTS.filter(([name]) => !wanted || wanted.some((w) => name.includes(w))).map(([, make]) => make(dynamo.endpoint));
  if (!clients.some((c) => c.name === "ours")) clients.unshift(VARIANTS[0]![1](dynamo.endpoint));
  const baseline = process.env.BASELINE_ROOT ? await baselineClient(process.env.BASELINE_ROOT, dynamo.endpoint) : undefined;
  if (baseline) clients.push({ ...baseline, name: "hand-made client (71a549f)" });
  for (const client of clients) await pairs(client, 400, 0); // warm-up: JIT, sockets, dynalite
  const samples = new Map(clients.map((c) => [c.name, [] as Array<{ cpuUs: number; wallUs: number }>]));
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order each round so no variant always runs first or last.
    const order = clients.map((_, i) => clients[(i + round) % clients.length]!);
    for (const client of order) samples.get(client.name)!.push(await measureRound(client, round, PAIRS));
  }
  const ours = samples.get("ours")!;
  console.log(`Node ${process.version}; ${ROUNDS} rounds × ${PAIRS} PutItem + GetItem pairs; ratio = median of same-round ratios to "ours"`);
  console.log(`${"variant".padEnd(64)} ${"CPU µs".padStart(7)} ${"× ours".padStart(7)} ${"wall µs".padStart(8)} ${"× ours".padStart(7)}`);
  for (const [name, s] of samples) {
    const cpu = median(s.map((x) => x.cpuUs));
    const wall = median(s.map((x) => x.wallUs));
    const cpuRatio = median(s.map((x, i) => x.cpuUs / ours[i]!.cpuUs));
    const wallRatio = median(s.map((x, i) => x.wallUs / ours[i]!.wallUs));
    console.log(`${name.padEnd(64)} ${cpu.toFixed(0).padStart(7)} ${cpuRatio.toFixed(2).padStart(7)} ${wall.toFixed(0).padStart(8)} ${wallRatio.toFixed(2).padStart(7)}`);
  }
  for (const client of clients) (client as { destroy?(): void }).destroy?.();
} finally {
  dynamo.stop();
}
process.exit(0);
