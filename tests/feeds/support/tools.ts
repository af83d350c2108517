/** Real command-line consumers (xmllint, jing, newsboat, sqlite3) for feed tests, found or skipped explicitly. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The path of `name` on PATH. When it is missing: throws under CI (a missing tool must not turn into
 * a silently green build), otherwise warns and returns undefined so the caller can skip.
 */
export function findTool(name: string, aptPackage: string): string | undefined {
  const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
  const path = found.stdout.trim();
  if (found.status === 0 && path !== "") return path;
  const message = `${name} not found: install Debian's ${aptPackage} (apt-get install -y --no-install-recommends ${aptPackage})`;
  if (process.env.CI) throw new Error(`${message}; it is required when CI is set`);
  console.warn(`skipping ${name} tests: ${message}`);
  return undefined;
}

/** A fresh temporary directory. */
export function tempDir(prefix = "feeds-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `files` (name → text) into a fresh temporary directory and returns their paths, in order. */
export function writeTemp(files: Record<string, string>): string[] {
  const dir = tempDir();
  return Object.entries(files).map(([name, text]) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  });
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, never through a shell. */
export function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): RunResult {
  const result = spawnSync(command, args, { encoding: "utf8", timeout: 60_000, ...options });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `xmllint --noout --nonet` over the given files: status 0 means every file is well-formed XML 1.0. */
export function xmllint(paths: readonly string[]): RunResult {
  return run("xmllint", ["--noout", "--nonet", ...paths]);
}
