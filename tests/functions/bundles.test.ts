/**
 * The Lambda bundles as scripts/build-functions.ts (and SST) builds them: each carries only what its function runs,
 * the bundle plugins leave sanitised output unchanged, and each bundle loads in a fresh Node without connecting.
 * Sizes and timings live in bench/bundles.ts, not here.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer, type AddressInfo } from "node:net";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, type Metafile } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sanitizeArticleHtml } from "../../lib/content/sanitize.ts";
import { GLOBAL_ATTRIBUTES, TAG_ATTRIBUTES } from "../../lib/content/attributes.ts";
import webpush from "web-push";
import { buildOne, FUNCTIONS, type BuiltFunction } from "../../scripts/build-functions.ts";
import { UNREACHED_CREDENTIAL_PROVIDERS } from "../../infra/lambda.ts";
import { startTestDynamo } from "../helpers/test-store.ts";
import { ensureTable } from "../../lib/store/index.ts";
import { functionUrlEvent, lambdaContext } from "./lambda-events.ts";
import bundlePlugins, { POSTCSS_STUB } from "../../infra/bundle/plugins.mjs";
import { createNodeDocumentClient } from "../../functions/node/dynamo-client.ts";

const root = new URL("../../", import.meta.url);
let dir: string;
const built = new Map<string, BuiltFunction>();

/** The npm packages a bundle took code from (the last node_modules segment of each input). */
function packages(metafile: Metafile): Set<string> {
  const names = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    if (match) names.add(match[1]!);
  }
  return names;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "bundles-test-"));
  for (const name of FUNCTIONS) built.set(name, await buildOne(name, "deployed", join(dir, "functions")));
}, 120_000);
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe("each Lambda bundle carries only what its function runs", () => {
  const has = (name: string, pkg: string) => packages(built.get(name)!.metafile).has(pkg);

  it("the API: the app, the sanitiser and DynamoDB, but no web-push, no SQS client, no postcss or DOM helpers", () => {
    for (const pkg of ["hono", "sanitize-html", "htmlparser2", "zod", "@aws-sdk/util-dynamodb"]) expect(has("api", pkg), pkg).toBe(true);
    for (const pkg of ["web-push", "http_ece", "bn.js", "asn1.js", "@aws-sdk/client-sqs", "postcss", "source-map-js", "domhandler", "domutils", "dom-serializer"]) {
      expect(has("api", pkg), pkg).toBe(false);
    }
  });

  it("the stream subscriber and the sweeper: DynamoDB and SQS, no Hono app, sanitiser or web-push", () => {
    for (const name of ["stream", "sweeper"]) {
      expect(has(name, "@aws-sdk/client-sqs"), name).toBe(true);
      for (const pkg of ["hono", "sanitize-html", "web-push", "postcss"]) expect(has(name, pkg), `${name}: ${pkg}`).toBe(false);
    }
  });

  it("DynamoDB through the AWS SDK's document client in every function with a store, and no hand-made client", () => {
    for (const name of ["api", "stream", "push-worker", "sweeper"]) {
      for (const pkg of ["@aws-sdk/client-dynamodb", "@aws-sdk/lib-dynamodb", "@smithy/node-http-handler"]) expect(has(name, pkg), `${name}: ${pkg}`).toBe(true);
    }
    for (const name of FUNCTIONS) {
      expect(Object.keys(built.get(name)!.metafile.inputs).some((i) => /lib\/store\/(json-protocol|sigv4)\.ts$/.test(i)), name).toBe(false);
    }
  });

  it("leaves out only the credential fallbacks, and reaches them only through import() (never at load)", () => {
    for (const [name, fn] of built) {
      const external = Object.values(fn.metafile.inputs).flatMap((input) => input.imports.filter((i) => i.external && !i.path.startsWith("node:") && !i.path.startsWith("<") && !/^[a-z_/0-9]+$/.test(i.path)));
      // Only the functions with an SDK client (SQS, CloudFront) have a credential chain to leave parts of out.
      const sdkClient = has(name, "@smithy/core");
      expect(new Set(external.map((i) => i.path)), name).toEqual(new Set(sdkClient ? UNREACHED_CREDENTIAL_PROVIDERS : []));
      for (const i of external) expect(i.kind, `${name}: ${i.path}`).toBe("dynamic-import");
      for (const pkg of ["@aws-sdk/nested-clients", "@aws-sdk/credential-provider-login"]) expect(packages(fn.metafile).has(pkg), `${name}: ${pkg}`).toBe(false);
    }
  });

  it("the WebSub subscriber: the CloudFront client, no Hono app, sanitiser, web-push or SQS client", () => {
    expect(has("websub", "@aws-sdk/client-cloudfront")).toBe(true);
    for (const pkg of ["hono", "sanitize-html", "web-push", "@aws-sdk/client-sqs", "postcss"]) expect(has("websub", pkg), pkg).toBe(false);
    // The CloudFront client stays in this function alone.
    for (const name of ["api", "stream", "push-worker", "sweeper"]) expect(has(name, "@aws-sdk/client-cloudfront"), name).toBe(false);
  });

  it("the API reaches the HTML sanitiser only through import(): a chunk of its own, not read at load", () => {
    const { outputs } = built.get("api")!.metafile;
    const holding = Object.entries(outputs).filter(([, output]) => Object.keys(output.inputs).some((i) => /node_modules\/sanitize-html\//.test(i)));
    expect(holding).toHaveLength(1);
    const [chunk, output] = holding[0]!;
    // Not in the entry, nor in a chunk the entry imports statically.
    expect(output.entryPoint).not.toBe("functions/api.ts");
    const imports = Object.values(outputs).flatMap((o) => o.imports.filter((i) => i.path === chunk));
    expect(imports.length).toBeGreaterThan(0);
    for (const i of imports) expect(i.kind).toBe("dynamic-import");
  });

  it("the push worker: web-push, no Hono app, sanitiser or SQS client", () => {
    expect(has("push-worker", "web-push")).toBe(true);
    for (const pkg of ["hono", "sanitize-html", "@aws-sdk/client-sqs", "postcss"]) expect(has("push-worker", pkg), pkg).toBe(false);
  });
});

describe("infra/bundle/plugins.mjs", () => {
  it("stubs postcss only because no allowed attribute is `style`", () => {
    expect([...GLOBAL_ATTRIBUTES, ...Object.values(TAG_ATTRIBUTES).flat()]).not.toContain("style");
  });

  it("leaves sanitised output exactly as the unbundled sanitiser gives it", async () => {
    const outfile = join(dir, "sanitize.mjs");
    const result = await build({
      entryPoints: [fileURLToPath(new URL("lib/content/sanitize.ts", root))],
      outfile,
      bundle: true,
      format: "esm",
      platform: "node",
      metafile: true,
      mainFields: ["module", "main"],
      banner: { js: `import { createRequire } from "module"; const require = createRequire(import.meta.url);` },
      plugins: bundlePlugins,
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((i) => i.endsWith("postcss-stub.cjs"))).toBe(true);
    expect(inputs.some((i) => /node_modules\/postcss\//.test(i))).toBe(false);
    const bundled = (await import(pathToFileURL(outfile).href)) as { sanitizeArticleHtml: typeof sanitizeArticleHtml };
    const samples = [
      '<p dir="rtl" lang="ar" style="color:red">نص <span style="font-weight:bold">الخبر</span></p>',
      '<div style="background:url(javascript:alert(1))"><script>alert(1)</script><a href="/a/1" style="x">رابط</a></div>',
      '<img src="https://anapress.net/i.jpg" style="width:100px" alt="صورة"><img src="javascript:x">',
      '<bdo dir="ltr">ABC</bdo><bdi>مرحبا</bdi> &amp; &lt;b&gt; &nbsp;&eacute;&#x338;',
      "<table><tr><td colspan=2 style='a'>خلية</td></tr></table><style>p{}</style><iframe src=x></iframe>",
      '<p style="">فارغ</p><!-- تعليق --><p>&unknown; &#0; &#xD800;</p>',
    ];
    for (const html of samples) {
      const expected = sanitizeArticleHtml(html, "https://anapress.net/a/1");
      expect(bundled.sanitizeArticleHtml(html, "https://anapress.net/a/1")).toBe(expected);
      expect(expected).not.toMatch(/style|script|iframe/);
    }
  });

  // SST runs the plugins in its own node process and asks over stdin/stdout; check ours answers there as in esbuild.
  const sstRunner = fileURLToPath(new URL(".sst/platform/functions/nodejs-runtime/plugin.mjs", root));
  it.skipIf(!existsSync(sstRunner))("answers SST's plugin runner with the stub for sanitize-html's postcss, and nothing else", async () => {
    const importer = fileURLToPath(new URL("node_modules/sanitize-html/index.js", root));
    const child = spawn(process.execPath, [sstRunner, fileURLToPath(new URL("infra/bundle/plugins.mjs", root))], { stdio: ["pipe", "pipe", "inherit"] });
    const replies: Record<number, unknown> = {};
    let buffer = "";
    const done = new Promise<void>((resolve) => {
      child.stdout.on("data", (chunk: Buffer) => {
        buffer += chunk.toString("utf8");
        for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
          const reply = JSON.parse(buffer.slice(0, nl)) as { id: number; value: unknown };
          replies[reply.id] = reply.value;
          buffer = buffer.slice(nl + 1);
          if (Object.keys(replies).length === 3) resolve();
        }
      });
    });
    const ask = (id: number, path: string, from: string) =>
      child.stdin.write(JSON.stringify({ id, command: "resolve", value: { path, importer: from, resolveDir: join(from, ".."), kind: "require-call" } }) + "\n");
    ask(0, "postcss", importer);
    ask(1, "postcss", fileURLToPath(new URL("lib/content/sanitize.ts", root)));
    ask(2, "htmlparser2", importer);
    await done;
    child.kill();
    expect(replies[0]).toEqual({ path: POSTCSS_STUB });
    expect(replies[1]).toEqual({});
    expect((replies[2] as { path: string }).path).toMatch(/htmlparser2\/dist\/commonjs\/Parser\.js$/);
  });
});

describe("each built bundle, imported in a fresh node", () => {
  it("the API bundle answers a Function URL request from DynamoDB (dynalite or DYNAMODB_ENDPOINT), credentials from the environment", async () => {
    const dynamo = await startTestDynamo();
    const table = `bundle-test-${randomUUID()}`;
    const client = createNodeDocumentClient({ region: "eu-west-1", endpoint: dynamo.endpoint });
    try {
      await ensureTable(client, table);
      const event = JSON.stringify(functionUrlEvent({ path: "/api/articles" }));
      // A write loads the sanitiser's chunk on first use; its markup must come back sanitised.
      const publish = JSON.stringify(
        functionUrlEvent({
          method: "POST",
          path: "/api/articles",
          headers: { authorization: "Bearer bundle-test-admin-token-0123456789", "content-type": "application/json" },
          body: JSON.stringify({ title: "خبر", url: "https://anapress.net/a/bundle", contentHtml: '<p dir="rtl">نص<script>alert(1)</script></p>' }),
        }),
      );
      const context = JSON.stringify(lambdaContext());
      const code = [
        `const m = await import(${JSON.stringify(pathToFileURL(built.get("api")!.path).href)});`,
        `const c = { ...${context}, getRemainingTimeInMillis: () => 15000 };`,
        `const r = await m.handler(${event}, c);`,
        `const p = await m.handler(${publish}, c);`,
        `const body = JSON.parse(p.isBase64Encoded ? Buffer.from(p.body, "base64").toString("utf8") : p.body);`,
        `process.stdout.write(JSON.stringify({ status: r.statusCode, type: r.headers["content-type"], published: p.statusCode, html: body.contentHtml }));`,
      ].join("\n");
      const env = {
        PATH: process.env.PATH ?? "",
        ADMIN_TOKEN: "bundle-test-admin-token-0123456789",
        TABLE_NAME: table,
        // Not DYNAMODB_ENDPOINT: the client is built as on AWS (default credential chain, endpoint resolution) and only
        // the SDK's own endpoint override sends it to the test store.
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        AWS_REGION: "eu-west-1",
        // As the Lambda runtime provides them: the SDK's first credential source, so no fallback is ever imported (the
        // bundle lies in a temporary directory, where an import of a left-out provider would fail).
        AWS_ACCESS_KEY_ID: "test",
        AWS_SECRET_ACCESS_KEY: "test",
        AWS_SESSION_TOKEN: "test",
        LOG_LEVEL: "silent",
        PUBLIC_BASE_URL: "https://news.example",
      };
      const output = await new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ["--input-type=module", "-e", code], { env, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
        child.on("exit", (status) => (status === 0 ? resolve(stdout) : reject(new Error(`exit ${status}: ${stderr}`))));
      });
      expect(JSON.parse(output)).toMatchObject({ status: 200, type: expect.stringMatching(/json/), published: 201, html: '<p dir="rtl">نص</p>' });
    } finally {
      client.destroy();
      await dynamo.close();
    }
  }, 60_000);

  it("exports a handler and connects to nothing while loading", async () => {
    const keys = webpush.generateVAPIDKeys();
    // DynamoDB and SQS point at this listener, which counts connections and drops them.
    let connections = 0;
    const server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const [name, fn] of built) {
      const code = `const m = await import(${JSON.stringify(pathToFileURL(fn.path).href)}); if (typeof m.handler !== "function") process.exit(2);`;
      const env = {
        PATH: process.env.PATH ?? "",
        ADMIN_TOKEN: "bundle-test-admin-token-0123456789",
        DYNAMODB_ENDPOINT: endpoint,
        AWS_REGION: "eu-west-1",
        AWS_ACCESS_KEY_ID: "test",
        AWS_SECRET_ACCESS_KEY: "test",
        LOG_LEVEL: "silent",
        PUBLIC_BASE_URL: "https://news.example",
        VAPID_PUBLIC_KEY: keys.publicKey,
        VAPID_PRIVATE_KEY: keys.privateKey,
        PUSH_QUEUE_URL: `${endpoint}/000000000000/push`,
        WEBSUB_HUB_URL: `${endpoint}/hub`,
        CDN_DISTRIBUTION_ID: "E2EXAMPLE",
      };
      const exit = await new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, ["--input-type=module", "-e", code], { env, stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
        child.on("exit", (status) => {
          if (status !== 0) console.error(`${name}: ${stderr}`);
          resolve(status);
        });
      });
      expect(exit, name).toBe(0);
    }
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(connections).toBe(0);
  }, 60_000);
});
