/** `vapid`: prints a fresh VAPID key pair (web-push's generateVAPIDKeys) as environment lines (keep the private one secret). */
import webpush from "web-push";
import type { CliContext } from "../context.ts";

export async function vapidCommand(ctx: CliContext): Promise<number> {
  const keys = webpush.generateVAPIDKeys();
  ctx.out(`VAPID_PUBLIC_KEY=${keys.publicKey}`);
  ctx.out(`VAPID_PRIVATE_KEY=${keys.privateKey}`);
  ctx.err("Keep VAPID_PRIVATE_KEY secret (an SST secret on AWS). Changing keys invalidates every existing subscription.");
  return 0;
}
