import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { tableDefinition, STATE_INDEX } from "../../lib/store/table.ts";
import { installSstGlobals, type Recorded } from "./sst-globals.ts";

const root = new URL("../../", import.meta.url);
// Through a variable, so the project type-check does not pull sst.config.ts (typed by .sst/platform) in.
const configPath = "../../sst.config.ts";

interface AppConfig {
  app(input: { stage: string }): Record<string, unknown>;
  run(): Promise<Record<string, unknown>>;
}

let recorded: Recorded[];
let config: AppConfig;
let outputs: Record<string, unknown>;

const byName = (name: string) => {
  const found = recorded.find((r) => r.name === name);
  if (!found) throw new Error(`no resource named ${name}`);
  return found;
};
/** The names of the resources a function links. */
const links = (fn: Record<string, unknown>) => (fn.link as { record: Recorded }[]).map((l) => l.record.name).sort();
/** Every function declared anywhere: standalone, table and queue subscribers, cron jobs. */
const functions = () => [
  ...recorded.filter((r) => r.type === "sst.aws.Function").map((r) => r.args),
  ...recorded.flatMap((r) => r.subscriptions.map((s) => s.fn)),
  ...recorded.filter((r) => r.type === "sst.aws.CronV2").map((r) => r.args.function as Record<string, unknown>),
];

/** A hub at deploy time turns on the WebSub subscriber (infra/websub.ts); without one it is not declared at all. */
const HUB = "https://hub.example/publish";

beforeAll(async () => {
  process.env.WEBSUB_HUB_URL = HUB;
  recorded = installSstGlobals();
  config = ((await import(configPath)) as { default: AppConfig }).default;
  outputs = await config.run();
});

describe("sst.config.ts app()", () => {
  it("retains and protects data in production and removes it on other stages", () => {
    expect(config.app({ stage: "production" })).toMatchObject({ removal: "retain", protect: true, home: "aws" });
    expect(config.app({ stage: "pr-12" })).toMatchObject({ removal: "remove", protect: false });
  });
});

describe("sst.config.ts run()", () => {
  it("declares the table as lib/store/table.ts does, with TTL and a new-image stream", () => {
    const table = byName("Table");
    expect(table.type).toBe("sst.aws.Dynamo");
    const local = tableDefinition("t");
    const fields = Object.fromEntries(local.AttributeDefinitions!.map((a) => [a.AttributeName, a.AttributeType === "S" ? "string" : "number"]));
    expect(table.args.fields).toEqual(fields);
    expect(table.args.primaryIndex).toEqual({ hashKey: "pk", rangeKey: "sk" });
    const gsi = local.GlobalSecondaryIndexes![0]!;
    expect(table.args.globalIndexes).toEqual({
      [STATE_INDEX]: { hashKey: gsi.KeySchema![0]!.AttributeName, rangeKey: gsi.KeySchema![1]!.AttributeName, projection: "keys-only" },
    });
    expect(table.args.stream).toBe("new-image");
    expect(table.args.ttl).toBe("expiresAt");
  });

  it("runs the API on Node 22 arm64 behind a Function URL routed by the Router, linked to the table and secrets", () => {
    const api = byName("Api").args;
    expect(api).toMatchObject({ handler: "functions/api.handler", runtime: "nodejs22.x", architecture: "arm64" });
    const url = api.url as { router: { instance: { record: Recorded } }; cors: boolean };
    expect(url.router.instance.record.type).toBe("sst.aws.Router");
    expect(url.cors).toBe(false);
    expect(links(api)).toEqual(["AdminToken", "Table", "VapidPrivateKey"]);
    expect(api.copyFiles).toEqual([{ from: "public", to: "public" }]);
    expect((api.environment as Record<string, unknown>).PUBLIC_BASE_URL).toBe("sst.aws.Router:Router.url");
    expect(outputs.url).toBe("sst.aws.Router:Router.url");
  });

  it("has CloudFront honour the origin's Cache-Control, keyed on normalised encodings and folded Accept", () => {
    const transform = (byName("Router").args.transform as { cachePolicy: (args: Record<string, unknown>) => void }).cachePolicy;
    const policy: Record<string, unknown> = { defaultTtl: 86400, minTtl: 1, maxTtl: 1 };
    transform(policy);
    expect(policy).toMatchObject({ defaultTtl: 0, minTtl: 0, maxTtl: 31_536_000 });
    expect(policy.parametersInCacheKeyAndForwardedToOrigin).toMatchObject({
      cookiesConfig: { cookieBehavior: "none" },
      headersConfig: { headerBehavior: "whitelist", headers: { items: ["accept", "x-forwarded-host"] } },
      queryStringsConfig: { queryStringBehavior: "all" },
      enableAcceptEncodingBrotli: true,
      enableAcceptEncodingGzip: true,
    });
  });

  it("folds Accept at the edge to a navigation or anything else", () => {
    const injection = ((byName("Router").args.edge as { viewerRequest: { injection: string } }).viewerRequest).injection;
    const fold = (accept?: string) => {
      const event = { request: { headers: accept === undefined ? {} : { accept: { value: accept } } as Record<string, { value: string }> } };
      new Function("event", injection)(event);
      return event.request.headers.accept!.value;
    };
    expect(fold("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")).toBe("text/html");
    expect(fold("application/rss+xml, text/html;q=0.1")).toBe("*/*");
    expect(fold("application/feed+json")).toBe("*/*");
    expect(fold(undefined)).toBe("*/*");
  });

  it("subscribes the fan-out to INSERTs of notification items only, with partial batch failures and bisection", () => {
    const [stream] = byName("Table").subscriptions;
    expect(stream!.fn).toMatchObject({ handler: "functions/stream.handler", runtime: "nodejs22.x", architecture: "arm64" });
    expect(links(stream!.fn)).toEqual(["AdminToken", "PushQueue", "Table", "VapidPrivateKey"]);
    expect(stream!.args.filters).toEqual([{ eventName: ["INSERT"], dynamodb: { NewImage: { pk: { S: [{ prefix: "N#" }] } } } }]);
    const mapping = (stream!.args.transform as { eventSourceMapping: Record<string, unknown> }).eventSourceMapping;
    expect(mapping).toMatchObject({ functionResponseTypes: ["ReportBatchItemFailures"], bisectBatchOnFunctionError: true });
    expect(mapping.batchSize).toBeGreaterThan(0);
    expect(mapping.maximumRetryAttempts).toBeGreaterThan(0);
  });

  it("queues push batches with a dead-letter queue, drained by a worker reporting partial failures", () => {
    const queue = byName("PushQueue");
    expect(queue.args.dlq).toEqual({ queue: "sst.aws.Queue:PushDeadLetter.arn", retry: 5 });
    expect(queue.args.visibilityTimeout).toBe("6 minutes");
    expect(queue.subscriptions).toHaveLength(1);
    const [worker] = queue.subscriptions;
    expect(worker!.fn).toMatchObject({ handler: "functions/push-worker.handler", runtime: "nodejs22.x", architecture: "arm64", timeout: "60 seconds" });
    expect(links(worker!.fn)).toEqual(["AdminToken", "Table", "VapidPrivateKey"]);
    // Alerts carry absolute click-through and icon URLs on the public site.
    expect((worker!.fn.environment as Record<string, unknown>).PUBLIC_BASE_URL).toBe("sst.aws.Router:Router.url");
    expect(worker!.args.batch).toMatchObject({ partialResponses: true });
    expect(byName("PushDeadLetter").subscriptions).toHaveLength(0);
  });

  it("pings the WebSub hub from a second stream subscriber on feed version stamps, after invalidating them at CloudFront", () => {
    const [, websub] = byName("Table").subscriptions;
    expect(websub!.name).toBe("WebSub");
    expect(websub!.fn).toMatchObject({ handler: "functions/websub.handler", runtime: "nodejs22.x", architecture: "arm64" });
    // Neither the table's items nor any secret: it reads the keys of stream records and talks to CloudFront and the hub.
    expect(websub!.fn.link).toBeUndefined();
    expect(websub!.fn.environment).toEqual({
      WEBSUB_HUB_URL: HUB,
      PUBLIC_BASE_URL: "sst.aws.Router:Router.url",
      CDN_DISTRIBUTION_ID: "sst.aws.Router:Router.distributionID",
    });
    expect(websub!.fn.permissions).toEqual([
      {
        actions: ["cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"],
        resources: ["arn:aws:cloudfront::aws:accountId:distribution/sst.aws.Router:Router.distributionID"],
      },
    ]);
    expect(websub!.args.filters).toEqual([{ eventName: ["INSERT", "MODIFY"], dynamodb: { Keys: { pk: { S: [{ prefix: "F#" }] }, sk: { S: ["V"] } } } }]);
    const mapping = (websub!.args.transform as { eventSourceMapping: Record<string, unknown> }).eventSourceMapping;
    expect(mapping.maximumBatchingWindowInSeconds).toBeGreaterThan(0);
    // The API advertises the hub in its feeds but no longer pings it.
    expect((byName("Api").args.environment as Record<string, string>).WEBSUB_HUB_URL).toBe(HUB);
  });

  it("sweeps every minute with a CronV2 job linked to the table and the queue", () => {
    const sweeper = byName("Sweeper");
    expect(sweeper.type).toBe("sst.aws.CronV2");
    expect(sweeper.args.schedule).toBe("rate(1 minute)");
    const fn = sweeper.args.function as Record<string, unknown>;
    expect(fn).toMatchObject({ handler: "functions/sweeper.handler", runtime: "nodejs22.x", architecture: "arm64" });
    expect(links(fn)).toEqual(["AdminToken", "PushQueue", "Table", "VapidPrivateKey"]);
  });

  it("declares the admin token and the VAPID private key as secrets", () => {
    expect(recorded.filter((r) => r.type === "sst.Secret").map((r) => r.name).sort()).toEqual(["AdminToken", "VapidPrivateKey"]);
  });

  it("runs every function on nodejs22.x, arm64", () => {
    expect(functions()).toHaveLength(5);
    for (const fn of functions()) expect(fn).toMatchObject({ runtime: "nodejs22.x", architecture: "arm64" });
  });

  it("bundles every function as ESM, minified, with the bundle plugins and the AWS SDK inside but its credential fallbacks", () => {
    for (const fn of functions()) {
      const nodejs = fn.nodejs as { format: string; minify: boolean; plugins: string; esbuild?: { external?: string[] } };
      expect(nodejs).toMatchObject({ format: "esm", minify: true, plugins: "./infra/bundle/plugins.mjs" });
      // SST resolves the plugins path against the project root; scripts/build-functions.ts uses the same file.
      expect(existsSync(fileURLToPath(new URL(nodejs.plugins, root)))).toBe(true);
      // The SDK is bundled and pinned by the lockfile (docs/deploy.md); only credential providers the SDK imports
      // lazily, and never in Lambda, are left to the runtime.
      const external = nodejs.esbuild?.external ?? [];
      expect(external.length).toBeGreaterThan(0);
      for (const pkg of external) expect(pkg).toMatch(/^@(aws-sdk|smithy)\/credential-provider-[a-z-]+$/);
    }
  });
});

/** Handlers the lead writes once the push fan-out (lib/push/fanout*.ts) has landed. */
describe("every handler path in sst.config.ts", () => {
  // Tests are defined before run() evaluates, so the list is written out; the first test checks it is run()'s list.
  const handlers = ["functions/api.handler", "functions/stream.handler", "functions/push-worker.handler", "functions/sweeper.handler", "functions/websub.handler"];

  it("is the list checked below", () => {
    expect(functions().map((fn) => fn.handler).sort()).toEqual([...handlers].sort());
  });

  for (const handler of handlers) {
    const file = `${handler.slice(0, handler.lastIndexOf("."))}.ts`;
    const present = existsSync(fileURLToPath(new URL(file, root)));
    it(`${file} exists and exports handler`, async () => {
      expect(present).toBe(true);
      const { readFile } = await import("node:fs/promises");
      // Read, not imported: importing a handler would build its services from the environment.
      expect(await readFile(new URL(file, root), "utf8")).toMatch(/export (const|async function|function) handler\b/);
    });
  }
});
