/// <reference path="./.sst/platform/config.d.ts" />
/** The AWS side: this file only puts together the concerns declared under infra/, in dependency order. */
export default $config({
  app(input) {
    return {
      name: "arabic-news-feeds",
      // Production keeps its table and secrets when the stack is removed; other stages clean up after themselves.
      removal: input?.stage === "production" ? "retain" : "remove",
      protect: input?.stage === "production",
      home: "aws",
    };
  },
  async run() {
    await import("./infra/secrets.ts");
    await import("./infra/table.ts");
    await import("./infra/push-queue.ts");
    const { router, api } = await import("./infra/api.ts");
    await import("./infra/push-worker.ts");
    await import("./infra/stream.ts");
    await import("./infra/sweeper.ts");
    await import("./infra/websub.ts");
    return { url: router.url, api: api.name };
  },
});
