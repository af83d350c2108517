/**
 * The push worker: drains the push queue with partial batch failures. Declared after the API's Router, whose URL it
 * needs: every alert's click-through link and icon are absolute URLs on the public site.
 */
import { publicBaseUrl } from "./api.ts";
import { lambdaDefaults, vapidEnvironment } from "./lambda.ts";
import { pushQueue } from "./push-queue.ts";
import { adminToken, vapidPrivateKey } from "./secrets.ts";
import { table } from "./table.ts";

pushQueue.subscribe(
  {
    ...lambdaDefaults,
    handler: "functions/push-worker.handler",
    timeout: "60 seconds",
    memory: "512 MB",
    link: [table, adminToken, vapidPrivateKey],
    environment: { ...vapidEnvironment, PUBLIC_BASE_URL: publicBaseUrl },
  },
  {
    // Each message is already a batch of subscribers; a few messages per invocation keeps a retry cheap.
    batch: { size: 5, partialResponses: true },
    // Caps parallel workers, so a million-subscriber fan-out does not stampede the push services.
    transform: { eventSourceMapping: { scalingConfig: { maximumConcurrency: 50 } } },
  },
);
