/** Settings every function shares: the Node 22 runtime on Graviton, ESM bundles, a bounded log retention. */

/**
 * The AWS SDK's fallback credential providers (SSO, ini files, processes, web identity, container and instance
 * metadata). The SDK loads each with a dynamic import() only after the environment has no credentials, which never
 * happens in Lambda (the runtime sets AWS_ACCESS_KEY_ID & co.), so they are left out of the bundles; were one ever
 * reached it would be imported from the nodejs22.x runtime's own SDK. About 135 KB per bundle (114 KB in the WebSub
 * one), nested STS/SSO clients included. The rest of the SDK stays bundled (docs/deploy.md, "Bundles").
 */
export const UNREACHED_CREDENTIAL_PROVIDERS = [
  "@aws-sdk/credential-provider-sso",
  "@aws-sdk/credential-provider-ini",
  "@aws-sdk/credential-provider-process",
  "@aws-sdk/credential-provider-web-identity",
  "@aws-sdk/credential-provider-http",
  "@smithy/credential-provider-imds",
];

/**
 * esbuild code splitting (SST's `nodejs.splitting`): what a handler reaches only through a dynamic import() — the HTML
 * sanitiser, needed by writes alone — is written as a chunk beside the entry and read on first use, so a cold start
 * that serves a feed neither reads nor compiles it. Every chunk still deploys in the function's zip.
 */
export const LAMBDA_SPLITTING = true;

/** Spread into each function's arguments, so the runtime is declared once. */
export const lambdaDefaults = {
  runtime: "nodejs22.x",
  architecture: "arm64",
  nodejs: {
    format: "esm",
    minify: true,
    splitting: LAMBDA_SPLITTING,
    // The AWS SDK stays bundled (SST's default), pinned by our lockfile and faster to load than the runtime's copy;
    // docs/deploy.md gives the measurements behind that choice. Only never-reached credential fallbacks are external.
    esbuild: { external: UNREACHED_CREDENTIAL_PROVIDERS },
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
