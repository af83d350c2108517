/** Reads files from public/ for the static routes (Node locally; the Lambda bundle copies public/ beside it). */
import { readFile } from "node:fs/promises";
import type { AssetLoader } from "../../lib/http/static-routes.ts";

export function publicAssets(directory: URL): AssetLoader {
  return async (name) => {
    try {
      return new Uint8Array(await readFile(new URL(name, directory)));
    } catch {
      return undefined;
    }
  };
}
