/** The HTTP API Lambda: the Hono app on a Function URL (behind the CloudFront Router), built once per container. */
import type { Context } from "aws-lambda";
import { handle } from "hono/aws-lambda";
import { apiServices } from "./aws/api-services.ts";

// Built during init, with no network I/O: the first DynamoDB request happens inside the first invocation.
const services = await apiServices({
  // public/ travels beside the bundle (copyFiles), one level above functions/ as in the repository.
  assets: new URL("../public/", import.meta.url),
});
const serve = handle(services.app);

/** Tags each invocation's log lines with its request id and cold-start flag, then hands over to Hono. */
export const handler: typeof serve = (event, context) => {
  if (context) services.logger.powertools.addContext(context as unknown as Context);
  return serve(event, context);
};
