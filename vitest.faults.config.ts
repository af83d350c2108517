/** Fault tests: the real local service in child processes, killed and restarted (`npm run test:faults`). */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/faults/**/*.test.ts"],
    pool: "forks",
    // One at a time: each suite runs service processes and a push receiver and measures nothing but outcomes.
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 60_000,
    // The suites skip themselves under the default config (`npm test`) unless this is set.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", RUN_FAULT_TESTS: "1" },
  },
});
