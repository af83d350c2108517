/**
 * The API Lambda's composition: the Hono app over the store, with push routes (subscribe, stats) but no sending. No
 * WebSub pings either: they come from the table's stream (functions/websub.ts), since work left running after a
 * Lambda returns is frozen; the feeds still advertise the hub.
 */
import { createHttpServices } from "../../lib/compose/http.ts";
import { publicAssets } from "../node/assets.ts";
import { nodeCompressors } from "../node/compress.ts";
import { nodeHmacSha256 } from "../node/hmac.ts";
import { lambdaBase, lambdaPush } from "./services.ts";

export async function apiServices(options: { assets?: URL } = {}) {
  const base = await lambdaBase({ serviceName: "api" });
  // Checks the click tags of alert click-throughs.
  const push = await lambdaPush(base, { hmac: nodeHmacSha256 });
  const vapidPublicKey = base.env.VAPID_PUBLIC_KEY || push.publicKey;
  const http = createHttpServices({
    config: base.config,
    store: base.store,
    adminToken: base.adminToken,
    logger: base.logger,
    now: base.now,
    compress: nodeCompressors,
    ...(options.assets ? { loadAsset: publicAssets(options.assets) } : {}),
    ...(vapidPublicKey ? { vapidPublicKey } : {}),
    push,
    // Behind CloudFront and a Function URL, the client address is the event's source IP.
    peerAddress: (c) => (c.env as { event?: { requestContext?: { http?: { sourceIp?: string } } } } | undefined)?.event?.requestContext?.http?.sourceIp,
  });
  return { ...base, ...http };
}
