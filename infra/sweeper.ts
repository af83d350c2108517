/** The sweeper: every minute, finishes syncs and notifications a crashed invocation left behind. */
import { lambdaDefaults, vapidEnvironment } from "./lambda.ts";
import { pushQueue } from "./push-queue.ts";
import { adminToken, vapidPrivateKey } from "./secrets.ts";
import { table } from "./table.ts";

export const sweeper = new sst.aws.CronV2("Sweeper", {
  schedule: "rate(1 minute)",
  function: {
    ...lambdaDefaults,
    handler: "functions/sweeper.handler",
    timeout: "55 seconds",
    link: [table, pushQueue, adminToken, vapidPrivateKey],
    environment: vapidEnvironment,
  },
});
