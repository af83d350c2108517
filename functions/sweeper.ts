/** Scheduled sweeper: finishes article syncs and push fan-outs that a crashed invocation left behind. */
import { createArticleRepair } from "../lib/articles/changes.ts";
import { lambdaBase, lambdaPush } from "./aws/services.ts";
import { sweeperHandler } from "./aws/handlers.ts";
import { sqsQueueFrom } from "./aws/sqs-queue.ts";

const base = await lambdaBase({ serviceName: "sweeper" });
// A repair rewrites feed version stamps, so the WebSub function (on the table's stream) announces it; the push part
// fans out to SQS and sends nothing itself.
const articles = createArticleRepair(base.store.articles, []);
const { workers } = await lambdaPush(base, { queue: sqsQueueFrom(base.env) });
export const handler = sweeperHandler(articles, workers);
