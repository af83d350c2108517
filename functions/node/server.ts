/** The local HTTP server: fresh cached feeds answered straight from memory, everything else through the Hono app. */
import { createServer, type IncomingMessage, type Server } from "node:http";
import { getRequestListener } from "@hono/node-server";
import type { Services } from "../../lib/services.ts";

export function createNodeServer(services: Pick<Services, "app" | "feedFastPath">): Server {
  const app = getRequestListener(services.app.fetch);
  return createServer((req, res) => {
    const plan = services.feedFastPath(req.method ?? "GET", req.url ?? "/", (name) => headerOf(req, name));
    if (!plan) return void app(req, res);
    res.writeHead(plan.status, plan.headers);
    res.end(plan.body);
  });
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}
