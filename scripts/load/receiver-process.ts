/** The loopback push receiver (tests/helpers/push-receiver.ts) in its own process, so its decryption CPU is not the load generator's. */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ReceiverRequest } from "../../tests/helpers/push-receiver.ts";
import type { SubscriptionJson } from "./traffic-mix.ts";

const RECEIVER = fileURLToPath(new URL("../../tests/helpers/push-receiver.ts", import.meta.url));

export interface ReceiverStats {
  delivered: number;
  refused: number;
  cpu: NodeJS.CpuUsage;
}

export interface ReceiverProcess {
  /** The receiver's process id (a benchmark pins it to a CPU of its own). */
  pid: number | undefined;
  url: string;
  port: number;
  /** PEM of its self-signed certificate (give it to the service as NODE_EXTRA_CA_CERTS). */
  ca: string;
  subscribe(count: number): Promise<SubscriptionJson[]>;
  /** Messages accepted and refused so far, and the receiver process's CPU time (for per-message cost). */
  stats(): Promise<ReceiverStats>;
  close(): Promise<void>;
}

function ask<T>(child: ChildProcess, message: ReceiverRequest, type: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (m: { type: string }) => {
      if (m.type !== type) return;
      child.off("message", onMessage);
      resolve(m as T);
    };
    child.on("message", onMessage);
    child.send(message);
  });
}

export async function startReceiverProcess(): Promise<ReceiverProcess> {
  const child = fork(RECEIVER, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const ready = await new Promise<{ url: string; ca: string }>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`push receiver exited with ${code}`)));
    child.once("message", (m: { type: string; url: string; ca: string }) => resolve(m));
  });
  return {
    pid: child.pid,
    url: ready.url,
    port: Number(new URL(ready.url).port),
    ca: ready.ca,
    subscribe: async (count) => (await ask<{ subscriptions: SubscriptionJson[] }>(child, { type: "subscribe", count }, "subscriptions")).subscriptions,
    stats: () => ask<ReceiverStats>(child, { type: "stats" }, "stats"),
    close: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners("exit");
        child.once("exit", () => resolve());
        child.send({ type: "close" } satisfies ReceiverRequest);
      }),
  };
}
