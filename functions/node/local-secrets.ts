/** Local mode's secrets: generated once, kept in DATA_DIR with owner-only permissions, never logged when given. */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Returns the stored secret, creating it with `make` when absent; `created` tells whether it is new. */
export async function persistedSecret(dataDir: string, name: string, make: () => string): Promise<{ value: string; created: boolean; path: string }> {
  const path = join(dataDir, name);
  try {
    const value = (await readFile(path, "utf8")).trim();
    if (value) return { value, created: false, path };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const value = make();
  await writeFile(path, value + "\n", { mode: 0o600, flag: "wx" }).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error;
  });
  return { value: (await readFile(path, "utf8")).trim(), created: true, path };
}

export const randomToken = () => randomBytes(32).toString("base64url");
