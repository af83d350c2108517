/** The stream subscriber: starts a fan-out for each new notification item, reporting failures per record. */
import { lambdaDefaults, vapidEnvironment } from "./lambda.ts";
import { pushQueue } from "./push-queue.ts";
import { adminToken, vapidPrivateKey } from "./secrets.ts";
import { newNotifications } from "./stream-filters.ts";
import { table } from "./table.ts";


export const fanout = table.subscribe(
  "Fanout",
  {
    ...lambdaDefaults,
    handler: "functions/stream.handler",
    timeout: "60 seconds",
    memory: "512 MB",
    // The admin token derives the store's cursor key; VAPID both halves, as lib/config.ts wants both or neither.
    link: [table, pushQueue, adminToken, vapidPrivateKey],
    environment: vapidEnvironment,
  },
  {
    filters: [newNotifications],
    transform: {
      eventSourceMapping: {
        functionResponseTypes: ["ReportBatchItemFailures"],
        batchSize: 10,
        // A poison record is isolated by halving the batch instead of blocking its shard; after the retries the
        // notification item is still pending in the table and the sweeper finishes it.
        bisectBatchOnFunctionError: true,
        maximumRetryAttempts: 5,
      },
    },
  },
);
