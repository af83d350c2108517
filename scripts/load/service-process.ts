/** Runs the real local service (`functions/local.ts`) as a child process: start, wait for /health, kill, read its RSS. */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const OUTPUT_LINES = 200;

export interface ServiceProcess {
  child: ChildProcess;
  pid: number;
  baseUrl: string;
  /** Resolves with the exit code or signal once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines the child wrote (stdout and stderr), for failure messages. */
  output(): string;
  /** Sends `signal` (default SIGTERM: graceful shutdown) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Spawns `node --import tsx functions/local.ts` from the repository root with `env` added to this process's
 * environment (which must include PORT), and resolves once GET /health answers 200. `nodeArgs` go before the
 * script (e.g. `--cpu-prof`); `root` runs another checkout's service instead (a benchmark's baseline).
 */
export async function startService(
  env: Record<string, string>,
  options: { timeoutMs?: number; nodeArgs?: string[]; root?: string } = {},
): Promise<ServiceProcess> {
  if (!env.PORT) throw new Error("startService: env.PORT is required");
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", "tsx", "functions/local.ts"], {
    cwd: options.root ?? REPO_ROOT,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) if (line) lines.push(line);
    if (lines.length > OUTPUT_LINES) lines.splice(0, lines.length - OUTPUT_LINES);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const baseUrl = `http://127.0.0.1:${env.PORT}`;
  const service: ServiceProcess = {
    child,
    pid: child.pid ?? -1,
    baseUrl,
    exited,
    output: () => lines.join("\n"),
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (gone) throw new Error(`service exited before it was ready:\n${service.output()}`);
    try {
      const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      if (res.status === 200) return service;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await service.stop("SIGKILL");
  throw new Error(`service not ready within ${options.timeoutMs ?? 30_000} ms:\n${service.output()}`);
}

/** Resident set size of a process in KiB, from /proc/<pid>/status (Linux); undefined when it cannot be read. */
export function rssKiB(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match?.[1] ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) a process has used, in seconds, from /proc/<pid>/stat (Linux, 100 ticks a second). */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}
