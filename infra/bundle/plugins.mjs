/**
 * esbuild plugins for the Lambda bundles, used by SST (`nodejs.plugins` in infra/lambda.ts) and by
 * scripts/build-functions.ts alike, so what the benchmark measures is what deploys. Each only leaves out code
 * sanitize-html cannot reach with our options; without the plugins the bundles are larger but behave the same.
 *
 * - postcss: sanitize-html requires it at load but calls it only for a `style` attribute that survived the
 *   attribute allowlist. lib/content/attributes.ts never allows `style`, so the call is unreachable; the stub's
 *   parse throws, which sanitize-html answers by dropping the attribute (fails closed). Saves postcss,
 *   source-map-js, nanoid and picocolors.
 * - htmlparser2: sanitize-html uses only `htmlparser2.Parser`; the package's index also loads domhandler,
 *   domutils and dom-serializer (with a second copy of `entities`). The Parser module alone is what runs.
 *
 * Plain JavaScript, and only `onResolve` with a catch-all filter: SST runs plugins in a separate node process
 * (.sst/platform/functions/nodejs-runtime/plugin.mjs) whose stand-in build object offers nothing else, and which
 * tests the filter against a placeholder rather than the import path, so the matching is done here.
 * tests/functions/bundles.test.ts checks both the plugins and that sanitised output is unchanged by them.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const POSTCSS_STUB = join(here, "postcss-stub.cjs");

/** True when `importer` is sanitize-html's own file (not a module under its node_modules). */
const fromSanitizeHtml = (importer) => typeof importer === "string" && /[\\/]node_modules[\\/]sanitize-html[\\/][^\\/]+\.js$/.test(importer);

/** The Parser module of the htmlparser2 that `importer` would load, or undefined if the layout is not the known one. */
function htmlparser2Parser(importer) {
  try {
    const index = createRequire(importer).resolve("htmlparser2");
    const parser = join(dirname(index), "Parser.js");
    return index.endsWith(`${sep}index.js`) && existsSync(parser) ? parser : undefined;
  } catch {
    return undefined;
  }
}

export const sanitizeHtmlSlim = {
  name: "sanitize-html-slim",
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (!fromSanitizeHtml(args.importer)) return undefined;
      if (args.path === "postcss") return { path: POSTCSS_STUB };
      if (args.path === "htmlparser2") {
        const parser = htmlparser2Parser(args.importer);
        return parser ? { path: parser } : undefined;
      }
      return undefined;
    });
  },
};

export default [sanitizeHtmlSlim];
