/**
 * CloudFront invalidation of changed feeds, before the WebSub hub is pinged: the hub fetches the feed at once, and
 * through the CDN it would otherwise get the copy cached for up to s-maxage (plus stale-while-revalidate).
 */
import { CloudFrontClient, CreateInvalidationCommand, GetInvalidationCommand } from "@aws-sdk/client-cloudfront";
import type { Logger } from "../../lib/log.ts";

/** Invalidates these paths and resolves once CloudFront reports them done (or the wait is over). */
export type CdnInvalidator = (paths: string[]) => Promise<void>;

/** The slice of the CloudFront client used here, so tests can stand in for AWS. */
export interface InvalidationClient {
  send(command: CreateInvalidationCommand | GetInvalidationCommand): Promise<{ Invalidation?: { Id?: string; Status?: string } }>;
}

export interface CloudFrontInvalidatorOptions {
  distributionId: string;
  logger: Logger;
  client?: InvalidationClient;
  /** How long to wait for "Completed" before pinging anyway (most finish within seconds). Default 60 s. */
  waitMs?: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Unique per request (CloudFront deduplicates on it). */
  reference?: () => string;
}

export function cloudFrontInvalidator(options: CloudFrontInvalidatorOptions): CdnInvalidator {
  const client = options.client ?? (new CloudFrontClient({}) as InvalidationClient);
  const waitMs = options.waitMs ?? 60_000;
  const pollMs = options.pollMs ?? 5_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const reference = options.reference ?? (() => crypto.randomUUID());
  const DistributionId = options.distributionId;

  return async function invalidate(paths) {
    if (paths.length === 0) return;
    const created = await client.send(
      new CreateInvalidationCommand({
        DistributionId,
        InvalidationBatch: { CallerReference: reference(), Paths: { Quantity: paths.length, Items: paths } },
      }),
    );
    const id = created.Invalidation?.Id;
    let status = created.Invalidation?.Status;
    const deadline = now() + waitMs;
    while (id && status !== "Completed" && now() < deadline) {
      await sleep(pollMs);
      status = (await client.send(new GetInvalidationCommand({ DistributionId, Id: id }))).Invalidation?.Status;
    }
    if (status !== "Completed") options.logger.warn("cdn invalidation not completed in time; pinging the hub anyway", { id, status, paths: paths.length });
  };
}
