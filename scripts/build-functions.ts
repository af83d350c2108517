/**
 * Builds each Lambda as SST 4 builds it (pkg/runtime/node/build.go: esbuild bundle, ESM, platform node, target esnext,
 * keepNames, minified for deploys, its createRequire banner) with this project's `nodejs` settings from infra/lambda.ts
 * (the esbuild plugins of infra/bundle/plugins.mjs; the AWS SDK bundled but for credential fallbacks Lambda never
 * reaches; `splitting`, so what a dynamic import() loads becomes a chunk beside the entry, read only when first
 * imported), into dist/functions/<name>.mjs plus its chunks, with the metafile beside it. A second variant leaving the
 * AWS SDK to the nodejs22.x runtime, dist/functions-sdk-external/, shows the other side of the trade-off docs/deploy.md
 * describes.
 * Run: npm run build:functions
 */
import { cp, mkdir, rm, stat, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";
import bundlePlugins from "../infra/bundle/plugins.mjs";
import { LAMBDA_SPLITTING, UNREACHED_CREDENTIAL_PROVIDERS } from "../infra/lambda.ts";

const root = new URL("../", import.meta.url);

/** Every Lambda entry declared in infra/; those not written yet are skipped. */
export const FUNCTIONS = ["api", "stream", "push-worker", "sweeper", "websub"] as const;

/** SST's banner: CommonJS dependencies inside an ESM bundle still find require, __filename and __dirname. */
const BANNER = [
  `import { createRequire as topLevelCreateRequire } from 'module';`,
  `const require = topLevelCreateRequire(import.meta.url);`,
  `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
  `const __filename = topLevelFileUrlToPath(import.meta.url)`,
  `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
  "",
].join("\n");

/** "deployed": what infra/lambda.ts deploys (AWS SDK inside); "sdk-external": the SDK left to the Lambda runtime. */
export type Variant = "deployed" | "sdk-external";

/** What the nodejs22.x runtime provides, for the "sdk-external" variant (`nodejs.esbuild.external` in SST). */
export const SDK_EXTERNAL = ["@aws-sdk/*", "@smithy/*"];

export interface BuiltFunction {
  name: string;
  variant: Variant;
  /** The entry module (the handler's file). */
  path: string;
  /** Everything the function deploys of its code: the entry and every chunk it can import. */
  bytes: number;
  /** The entry alone. */
  entryBytes: number;
  /** The entry and the chunks it imports statically: what a cold start reads and compiles before any import(). */
  startBytes: number;
  /** Each output file (entry first) and its size; chunks are content-named, so two functions may share a name. */
  files: Array<{ path: string; bytes: number }>;
  metafile: Metafile;
}

const DIRS: Record<Variant, string> = { deployed: "dist/functions", "sdk-external": "dist/functions-sdk-external" };

/** Builds functions/<name>.ts, or `entry` (a path from the project root) under that name. */
export async function buildOne(name: string, variant: Variant, outDir = DIRS[variant], entry = `functions/${name}.ts`): Promise<BuiltFunction> {
  const outdir = fileURLToPath(new URL(`${outDir}/`, root));
  const outfile = join(outdir, `${name}.mjs`);
  const result = await build({
    entryPoints: { [name]: fileURLToPath(new URL(entry, root)) },
    // With `nodejs.splitting` SST sets outdir (the entry's directory) and the .mjs extension in place of outfile.
    outdir,
    outExtension: { ".js": ".mjs" },
    splitting: LAMBDA_SPLITTING,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "esnext",
    keepNames: true,
    minify: true,
    metafile: true,
    mainFields: ["module", "main"],
    banner: { js: BANNER },
    plugins: bundlePlugins,
    // SST always adds the first two; the rest is `nodejs.esbuild.external` from infra/lambda.ts.
    external: ["sharp", "pg-native", ...UNREACHED_CREDENTIAL_PROVIDERS, ...(variant === "sdk-external" ? SDK_EXTERNAL : [])],
    logLevel: "warning",
  });
  await writeFile(join(outdir, `${name}.meta.json`), JSON.stringify(result.metafile));
  const cwd = process.cwd();
  // Output paths are relative to the working directory. Chunks made for import() also carry an entryPoint.
  const files = Object.entries(result.metafile.outputs)
    .map(([path, output]) => ({ path: resolve(cwd, path), bytes: output.bytes }))
    .sort((a, b) => Number(b.path === outfile) - Number(a.path === outfile));
  if (files[0]?.path !== outfile) throw new Error(`${name}: entry not written to ${outfile}`);
  const entryBytes = (await stat(outfile)).size;
  return {
    name,
    variant,
    path: outfile,
    bytes: files.reduce((sum, f) => sum + f.bytes, 0),
    entryBytes,
    startBytes: staticClosureBytes(result.metafile, relative(cwd, outfile)),
    files,
    metafile: result.metafile,
  };
}

/** Bytes of `output` and every output it reaches through static imports (esbuild's shared chunks). */
function staticClosureBytes(metafile: Metafile, output: string): number {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path) || !metafile.outputs[path]) return;
    seen.add(path);
    for (const i of metafile.outputs[path]!.imports) if (i.kind === "import-statement" && !i.external) visit(i.path);
  };
  visit(output);
  return [...seen].reduce((sum, path) => sum + metafile.outputs[path]!.bytes, 0);
}

/** Builds every function that exists, in both variants, and copies public/ beside them as copyFiles does. */
export async function buildFunctions(): Promise<BuiltFunction[]> {
  await rm(new URL("dist/", root), { recursive: true, force: true });
  const names = FUNCTIONS.filter((name) => existsSync(new URL(`functions/${name}.ts`, root)));
  const built: BuiltFunction[] = [];
  for (const name of names) {
    built.push(await buildOne(name, "deployed"), await buildOne(name, "sdk-external"));
  }
  await mkdir(new URL("dist/", root), { recursive: true });
  await cp(new URL("public/", root), new URL("dist/public/", root), { recursive: true });
  return built;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const fn of await buildFunctions()) {
    const kb = (bytes: number) => (bytes / 1024).toFixed(1);
    const chunks = fn.files.length > 1 ? ` (entry ${kb(fn.entryBytes)} KB, read at start ${kb(fn.startBytes)} KB, ${fn.files.length - 1} chunks)` : "";
    console.log(`${fn.variant.padEnd(12)} ${fn.name.padEnd(12)} ${(fn.bytes / 1024).toFixed(1).padStart(8)} KB${chunks}  ${fn.path}`);
  }
}
