/** What every command gets: where the API is, how to find the token, and where output goes. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";

export interface CliContext {
  /** Base url of the service, without a trailing slash. */
  apiUrl: string;
  env: Record<string, string | undefined>;
  out: (line: string) => void;
  err: (line: string) => void;
  readStdin: () => Promise<string>;
}

/** `--api` wins, then API_URL, then the local server's default. */
export function apiUrlFrom(flag: string | undefined, env: Record<string, string | undefined>): string {
  return (flag ?? env.API_URL ?? "http://localhost:3000").replace(/\/+$/, "");
}

/**
 * The admin token: ADMIN_TOKEN, else the file `npm start` writes (<DATA_DIR or ./.data>/admin-token).
 * Returns undefined when there is none; the token itself is never printed.
 */
export async function adminToken(env: Record<string, string | undefined>): Promise<string | undefined> {
  if (env.ADMIN_TOKEN?.trim()) return env.ADMIN_TOKEN.trim();
  try {
    return (await readFile(join(env.DATA_DIR || "./.data", "admin-token"), "utf8")).trim() || undefined;
  } catch {
    return undefined;
  }
}

export const NO_TOKEN = "No admin token: set ADMIN_TOKEN, or run this where `npm start` keeps DATA_DIR (./.data/admin-token).";
