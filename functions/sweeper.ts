/** Scheduled sweeper: finishes article syncs and push fan-outs that a crashed invocation left behind. */
import { lambdaServices } from "./aws/services.ts";
import { sweeperHandler } from "./aws/handlers.ts";

const services = await lambdaServices({ serviceName: "sweeper" });
export const handler = sweeperHandler(services.service, services.push);
