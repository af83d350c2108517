/** Child entry for bench/run.ts: imports one benchmark module and runs its exported main() (exit 3 when it has none). */
import { pathToFileURL } from "node:url";

const modulePath = process.argv[2];
if (!modulePath) throw new Error("usage: run-part.ts <benchmark module>");
const mod = (await import(pathToFileURL(modulePath).href)) as { main?: () => Promise<unknown> };
if (typeof mod.main !== "function") process.exit(3);
await mod.main();
process.exit(0);
