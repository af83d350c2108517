/** Scheduled sweeper: finishes article syncs and push fan-outs that a crashed invocation left behind. */
import { createArticleRepair } from "../lib/articles/changes.ts";
import { createWebSubFor } from "../lib/compose/core.ts";
import { lambdaBase, lambdaPush } from "./aws/services.ts";
import { sweeperHandler } from "./aws/handlers.ts";
import { sqsQueueFrom } from "./aws/sqs-queue.ts";

const base = await lambdaBase({ serviceName: "sweeper" });
// Repaired articles are announced to the WebSub hub; the push part fans out to SQS and sends nothing itself.
const websub = createWebSubFor(base.config, base.logger);
const articles = createArticleRepair(base.store.articles, websub ? [websub.listener] : []);
const { workers } = await lambdaPush(base, { queue: sqsQueueFrom(base.env) });
export const handler = sweeperHandler(articles, workers);
