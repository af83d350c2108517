/** Runs wrk (Debian's /usr/bin/wrk, a separate process) against one URL and returns its figures and status counts. */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(new URL("./wrk-report.lua", import.meta.url));

export interface LoadOptions {
  url: string;
  /** Run wrk on this CPU only (taskset), away from the server's. */
  cpu?: number;
  headers?: Record<string, string>;
  connections: number;
  threads: number;
  seconds: number;
  expectedStatus: number;
  /** Body length every response must have (-1: any). */
  expectedLength: number;
}

export interface LoadResult {
  requests: number;
  durationMicros: number;
  bytes: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  /** Latency percentiles in microseconds. */
  p50: number;
  p99: number;
  max: number;
  statuses: Record<string, number>;
  /** Responses with another status or body length than expected. */
  unexpected: number;
  perSecond: number;
}

export function runWrk(o: LoadOptions): Promise<LoadResult> {
  const args = [`-t${o.threads}`, `-c${o.connections}`, `-d${o.seconds}s`, "--timeout", "5s", "-s", SCRIPT];
  for (const [name, value] of Object.entries(o.headers ?? {})) args.push("-H", `${name}: ${value}`);
  args.push(o.url, "--", String(o.expectedStatus), String(o.expectedLength));
  return new Promise((resolve, reject) => {
    const [command, argv] = o.cpu === undefined ? ["wrk", args] : ["taskset", ["-c", String(o.cpu), "wrk", ...args]];
    execFile(command, argv, { timeout: (o.seconds + 30) * 1000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`wrk failed: ${error.message}\n${stderr}`));
      const line = stdout.split("\n").find((l) => l.startsWith("WRK_JSON "));
      if (!line) return reject(new Error(`wrk printed no summary:\n${stdout}\n${stderr}`));
      const r = JSON.parse(line.slice("WRK_JSON ".length)) as Omit<LoadResult, "perSecond">;
      resolve({ ...r, perSecond: r.requests / (r.durationMicros / 1e6) });
    });
  });
}
