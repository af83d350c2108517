/**
 * A loopback proxy in front of a DynamoDB endpoint that can go down or throttle on demand, so fault tests use the real
 * wire protocol and the SDK's real retry behaviour instead of a mocked client.
 */
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** "hang": the request is read and never answered, until the client gives up on it. */
export type FaultMode = "pass" | "throttle" | "error500" | "refuse" | "hang";

export interface FaultProxy {
  endpoint: string;
  setMode(mode: FaultMode): void;
  /** Requests seen, by mode they were answered in. */
  counts: Record<FaultMode, number>;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  let mode: FaultMode = "pass";
  const counts: Record<FaultMode, number> = { pass: 0, throttle: 0, error500: 0, refuse: 0, hang: 0 };
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    counts[mode]++;
    if (mode === "refuse") {
      req.socket.destroy();
      return;
    }
    if (mode === "hang") {
      req.resume();
      return;
    }
    if (mode === "throttle" || mode === "error500") {
      req.resume();
      const status = mode === "throttle" ? 400 : 500;
      const type = mode === "throttle" ? "ProvisionedThroughputExceededException" : "InternalServerError";
      res.writeHead(status, { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": "fault-proxy" });
      res.end(JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message: "injected by the fault proxy" }));
      return;
    }
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    setMode: (next) => void (mode = next),
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
