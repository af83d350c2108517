/**
 * WebSub on AWS, when WEBSUB_HUB_URL is given at deploy time: a second subscriber on the table's stream receives the
 * feed version stamps (pk F#<feed>, sk V) every sync rewrites, invalidates those feeds at CloudFront and pings the
 * hub, awaiting the pings (the API Lambda cannot: work left running after it returns is frozen).
 */
import { publicBaseUrl, router } from "./api.ts";
import { lambdaDefaults } from "./lambda.ts";
import { feedVersionChanges } from "./stream-filters.ts";
import { table } from "./table.ts";

export const hubUrl = process.env.WEBSUB_HUB_URL;


export const websub = hubUrl
  ? table.subscribe(
      "WebSub",
      {
        ...lambdaDefaults,
        handler: "functions/websub.handler",
        // Up to a minute waiting for the invalidation, then three attempts per ping.
        timeout: "2 minutes",
        memory: "256 MB",
        environment: {
          WEBSUB_HUB_URL: hubUrl,
          PUBLIC_BASE_URL: publicBaseUrl,
          CDN_DISTRIBUTION_ID: router.distributionID,
        },
        permissions: [
          {
            actions: ["cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"],
            resources: [$interpolate`arn:aws:cloudfront::${aws.getCallerIdentityOutput({}).accountId}:distribution/${router.distributionID}`],
          },
        ],
      },
      {
        filters: [feedVersionChanges],
        transform: {
          eventSourceMapping: {
            // Changes arriving within a few seconds share one invalidation and one ping per feed.
            batchSize: 100,
            maximumBatchingWindowInSeconds: 5,
            // A failed invalidation is retried with the batch; past that, the next change pings again anyway.
            maximumRetryAttempts: 3,
          },
        },
      },
    )
  : undefined;
