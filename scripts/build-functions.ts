/**
 * Builds each Lambda as SST does (esbuild: bundle, ESM, minified, platform node, target node22, createRequire banner)
 * into dist/functions/<name>.mjs, and a variant with the AWS SDK left to the runtime into dist/functions-sdk-external/.
 * Run: npm run build:functions
 */
import { cp, mkdir, rm, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = new URL("../", import.meta.url);

/** Every Lambda entry declared in infra/; those not written yet are skipped. */
export const FUNCTIONS = ["api", "stream", "push-worker", "sweeper"] as const;

/** SST's banner: CommonJS dependencies inside an ESM bundle still find require, __filename and __dirname. */
const BANNER = [
  `import { createRequire as topLevelCreateRequire } from "module";`,
  `const require = topLevelCreateRequire(import.meta.url);`,
  `import { fileURLToPath as topLevelFileUrlToPath } from "url";`,
  `import { dirname as topLevelDirname } from "path";`,
  `const __filename = topLevelFileUrlToPath(import.meta.url);`,
  `const __dirname = topLevelDirname(__filename);`,
].join("\n");

export interface BuiltFunction {
  name: string;
  variant: "bundled" | "sdk-external";
  path: string;
  bytes: number;
}

async function buildOne(name: string, variant: BuiltFunction["variant"]): Promise<BuiltFunction> {
  const dir = variant === "bundled" ? "dist/functions" : "dist/functions-sdk-external";
  const outfile = fileURLToPath(new URL(`${dir}/${name}.mjs`, root));
  await build({
    entryPoints: [fileURLToPath(new URL(`functions/${name}.ts`, root))],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node22",
    minify: true,
    mainFields: ["module", "main"],
    banner: { js: BANNER },
    // The nodejs22.x runtime ships AWS SDK v3; SST bundles it anyway unless told otherwise (nodejs.install).
    external: variant === "sdk-external" ? ["@aws-sdk/*", "@smithy/*"] : [],
    logLevel: "warning",
  });
  return { name, variant, path: outfile, bytes: (await stat(outfile)).size };
}

/** Builds every function that exists, in both variants, and copies public/ beside them as copyFiles does. */
export async function buildFunctions(): Promise<BuiltFunction[]> {
  await rm(new URL("dist/", root), { recursive: true, force: true });
  const names = FUNCTIONS.filter((name) => existsSync(new URL(`functions/${name}.ts`, root)));
  const built: BuiltFunction[] = [];
  for (const name of names) {
    built.push(await buildOne(name, "bundled"), await buildOne(name, "sdk-external"));
  }
  await mkdir(new URL("dist/", root), { recursive: true });
  await cp(new URL("public/", root), new URL("dist/public/", root), { recursive: true });
  return built;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const fn of await buildFunctions()) {
    console.log(`${fn.variant.padEnd(12)} ${fn.name.padEnd(12)} ${(fn.bytes / 1024).toFixed(1).padStart(8)} KB  ${fn.path}`);
  }
}
