/** Starts dynalite in-process on a loopback port, persisting under a directory (or in memory without one). */
import { existsSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import dynalite from "dynalite";
import { closeDynaliteIterators } from "./dynalite-iterators.ts";

export interface EmbeddedDynamo {
  endpoint: string;
  /**
   * True when the store at `path` was last left without close() (the process was killed or crashed): dynalite's
   * item and index writes are not atomic together, so its index may need repairWorkIndex.
   */
  uncleanShutdown: boolean;
  close(): Promise<void>;
}

export async function startEmbeddedDynamo(options: { path?: string; port?: number } = {}): Promise<EmbeddedDynamo> {
  closeDynaliteIterators();
  const server: Server = dynalite({
    ...(options.path ? { path: options.path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  // Present while the store is open; a clean close removes it.
  const openMarker = options.path ? `${options.path}.open` : undefined;
  const uncleanShutdown = openMarker ? existsSync(openMarker) : false;
  if (openMarker) writeFileSync(openMarker, `${process.pid}\n`);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    uncleanShutdown,
    // Let requests in flight finish (dynalite fails them once its database is closed), then drop stragglers.
    close: () =>
      new Promise<void>((resolve) => {
        server.close((error?: Error) => {
          // Only a close that flushed the database counts as clean.
          if (!error && openMarker) rmSync(openMarker, { force: true });
          resolve();
        });
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
      }),
  };
}
