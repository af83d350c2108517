/**
 * The latency benchmark's baseline in a process of its own: plain `webpush.sendNotification`, `concurrency` in flight,
 * default options but the headers ours sent (TTL, Urgency, Topic). Started fresh for a cold run; each "go" sends the
 * same payload to every subscription once. Trusts the receiver through NODE_EXTRA_CA_CERTS, like the service.
 */
import webpush from "web-push";
import { runWithConcurrency } from "../../lib/push/pool.ts";

export interface PlainSetup {
  type: "setup";
  subscriptions: Array<{ endpoint: string; keys: { p256dh: string; auth: string } }>;
  payload: string;
  vapid: { subject: string; publicKey: string; privateKey: string };
  headers: { TTL: number; urgency?: "very-low" | "low" | "normal" | "high"; topic?: string };
  concurrency: number;
}

export type PlainRequest = PlainSetup | { type: "go" } | { type: "exit" };
export type PlainReply = { type: "ready" } | { type: "done"; failed: number; firstError?: string };

let setup: PlainSetup | undefined;
const reply = (message: PlainReply) => process.send?.(message);

process.on("message", (message: PlainRequest) => {
  if (message.type === "setup") {
    setup = message;
    webpush.setVapidDetails(message.vapid.subject, message.vapid.publicKey, message.vapid.privateKey);
    reply({ type: "ready" });
  } else if (message.type === "go" && setup) {
    const { subscriptions, payload, headers, concurrency } = setup;
    let failed = 0;
    let firstError: string | undefined;
    void runWithConcurrency(subscriptions, concurrency, (s) =>
      webpush.sendNotification(s, payload, headers).catch((error: unknown) => {
        failed++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }),
    ).then(() => reply({ type: "done", failed, ...(firstError ? { firstError } : {}) }));
  } else if (message.type === "exit") {
    process.exit(0);
  }
});
