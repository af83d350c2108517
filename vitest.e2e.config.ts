/** Browser end-to-end tests: real Chromium (Debian's) against the real app on a loopback port. */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.e2e.test.ts"],
    pool: "forks",
    // One browser at a time: the suites start Chromium and an embedded DynamoDB each.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});
