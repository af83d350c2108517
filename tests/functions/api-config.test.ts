import { describe, expect, it } from "vitest";
import { linkedEnvironment, loadLambdaSettings } from "../../functions/aws/config.ts";
import { redactor } from "../../functions/node/logger.ts";

/** Linked resources as SST's Resource presents them in a deployed function. */
const linked = {
  App: { name: "arabic-news-feeds", stage: "production" },
  Table: { name: "arabic-news-feeds-production-TableTable-abc", type: "sst.aws.Dynamo" },
  AdminToken: { value: "linked-admin-token-0123456789", type: "sst.sst.Secret" },
  VapidPrivateKey: { value: "linked-vapid-private", type: "sst.sst.Secret" },
  PushQueue: { url: "https://sqs.eu-west-1.amazonaws.com/123/PushQueue", type: "sst.aws.Queue" },
};

describe("Lambda configuration", () => {
  it("maps linked resources onto the variables lib/config.ts reads, over the environment", () => {
    const env = linkedEnvironment(linked, { TABLE_NAME: "local", LOG_LEVEL: "warn" });
    expect(env).toMatchObject({
      TABLE_NAME: linked.Table.name,
      ADMIN_TOKEN: linked.AdminToken.value,
      VAPID_PRIVATE_KEY: linked.VapidPrivateKey.value,
      PUSH_QUEUE_URL: linked.PushQueue.url,
      LOG_LEVEL: "warn",
    });
  });

  it("falls back to the environment when nothing is linked", () => {
    const settings = loadLambdaSettings({ TABLE_NAME: "from-env", ADMIN_TOKEN: "env-admin-token-0123456789" }, {});
    expect(settings.config.tableName).toBe("from-env");
    expect(settings.adminToken).toBe("env-admin-token-0123456789");
  });

  it("asks SST's Resource with `in`, which does not throw when links are inactive", async () => {
    const { Resource } = await import("sst/resource");
    expect(() => linkedEnvironment(Resource, {})).not.toThrow();
  });

  it("fails the cold start naming the missing admin token", () => {
    expect(() => loadLambdaSettings({}, {})).toThrow(/ADMIN_TOKEN/);
  });

  it("fails the cold start naming an invalid variable without echoing its value", () => {
    expect(() => loadLambdaSettings({ ADMIN_TOKEN: "short-secret" }, {})).toThrow(/ADMIN_TOKEN/);
    expect(() => loadLambdaSettings({ ADMIN_TOKEN: "short-secret" }, {})).not.toThrow(/short-secret/);
  });
});

describe("Lambda logger redaction", () => {
  it("removes secrets from messages and nested fields", () => {
    const redact = redactor(["s3cret-token-value", 'quo"ted-secret']);
    const line = JSON.stringify({ a: "x s3cret-token-value y", b: { c: ['quo"ted-secret'] } });
    expect(JSON.parse(redact(line))).toEqual({ a: "x [redacted] y", b: { c: ["[redacted]"] } });
    expect(redact("s3cret-token-value")).toBe("[redacted]");
  });
});
