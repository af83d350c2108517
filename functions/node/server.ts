/** The local HTTP server: fresh cached feeds answered straight from memory, everything else through the Hono app. */
import { createServer, type Server } from "node:http";
import { getRequestListener } from "@hono/node-server";
import type { App } from "../../lib/http/app.ts";
import type { FeedFastPath } from "./feed-fast-path.ts";

export function createNodeServer(services: { app: App; feedFastPath: FeedFastPath }): Server {
  const app = getRequestListener(services.app.fetch);
  return createServer((req, res) => {
    const answer = services.feedFastPath(req.method ?? "GET", req.url ?? "/", req.headers);
    if (!answer) return void app(req, res);
    // Flat [name, value, …] headers, built once per cached document: Node writes them without an object walk.
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  });
}
