/** Settings every function shares: the Node 22 runtime on Graviton, ESM bundles, a bounded log retention. */

/** Spread into each function's arguments, so the runtime is declared once. */
export const lambdaDefaults = {
  runtime: "nodejs22.x",
  architecture: "arm64",
  nodejs: {
    format: "esm",
    minify: true,
    // The AWS SDK stays bundled (SST's default), pinned by our lockfile and faster to load than the runtime's copy;
    // docs/deploy.md gives the measurements behind that choice.
    // Relative to the project root: esbuild plugins that leave out code sanitize-html never runs (see the file).
    plugins: "./infra/bundle/plugins.mjs",
  },
  logging: { retention: "1 month" },
} as const;

/** VAPID's public half and contact are not secrets: they come from the deploying shell, the private key from a Secret. */
export const vapidEnvironment = {
  VAPID_PUBLIC_KEY: process.env.VAPID_PUBLIC_KEY ?? "",
  VAPID_SUBJECT: process.env.VAPID_SUBJECT ?? "",
};
