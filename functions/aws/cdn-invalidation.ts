/**
 * CloudFront invalidation of changed feeds, before the WebSub hub is pinged: the hub fetches the feed at once, and
 * through the CDN it would otherwise get the copy cached for up to s-maxage (plus stale-while-revalidate).
 */
import { CloudFrontClient, CreateInvalidationCommand, GetInvalidationCommand, waitUntilInvalidationCompleted } from "@aws-sdk/client-cloudfront";
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
  /** The pause between looks (GetInvalidation). Default 5 s. */
  pollMs?: number;
  /** Unique per request (CloudFront deduplicates on it). */
  reference?: () => string;
}

export function cloudFrontInvalidator(options: CloudFrontInvalidatorOptions): CdnInvalidator {
  const client = options.client ?? (new CloudFrontClient({}) as InvalidationClient);
  const waitMs = options.waitMs ?? 60_000;
  const pollMs = options.pollMs ?? 5_000;
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
    const status = created.Invalidation?.Status;
    if (status === "Completed") return;
    let looks: string | undefined;
    if (id) {
      try {
        // The SDK's waiter looks at once, then every pollMs, until "Completed" or the deadline. It looks again after a
        // failing GetInvalidation too (the invalidation exists; failing the batch would only create another one).
        // The cast: it sends nothing but GetInvalidation, which the slice interface covers.
        await waitUntilInvalidationCompleted(
          { client: client as CloudFrontClient, minDelay: pollMs / 1000, maxDelay: pollMs / 1000, maxWaitTime: waitMs / 1000 },
          { DistributionId, Id: id },
        );
        return;
      } catch (error) {
        if (!(error instanceof Error) || error.name !== "TimeoutError") throw error;
        // Its message counts what the looks answered (status codes, CloudFront's error messages: nothing secret).
        looks = error.message;
      }
    }
    options.logger.warn("cdn invalidation not completed in time; pinging the hub anyway", { id, status, paths: paths.length, ...(looks ? { looks } : {}) });
  };
}
