/** Lambda configuration: SST-linked resources mapped onto the environment names lib/config.ts parses, env as fallback. */
import { Resource } from "sst/resource";
import { parseConfig, type Config } from "../../lib/config.ts";

type Env = Record<string, string | undefined>;

/** Linked resource name, the property holding its value, and the variable it is read from (lib/config.ts; PUSH_QUEUE_URL: sqs-queue.ts). */
export const LINKS = [
  ["Table", "name", "TABLE_NAME"],
  ["AdminToken", "value", "ADMIN_TOKEN"],
  ["VapidPrivateKey", "value", "VAPID_PRIVATE_KEY"],
  ["PushQueue", "url", "PUSH_QUEUE_URL"],
] as const;

/** The environment with every linked value laid over it; resources that are not linked leave the variable as it was. */
export function linkedEnvironment(resources: object, env: Env): Env {
  const merged: Env = { ...env };
  for (const [name, property, variable] of LINKS) {
    // `in` asks SST's proxy without throwing when links are inactive (tests, local runs).
    if (!(name in resources)) continue;
    const value = ((resources as Record<string, Record<string, unknown> | undefined>)[name] ?? {})[property];
    if (typeof value === "string" && value !== "") merged[variable] = value;
  }
  return merged;
}

export interface LambdaSettings {
  config: Config;
  /** The merged environment, for values lib/config.ts does not model (PUSH_QUEUE_URL). */
  env: Env;
  adminToken: string;
}

/**
 * Reads and validates configuration once per container; a bad configuration fails the cold start, naming the variable.
 * A function that never touches the store or the admin routes (WebSub) is not linked to the token and says so.
 */
export function loadLambdaSettings(env: Env = process.env, resources: object = Resource, options: { adminToken?: boolean } = {}): LambdaSettings {
  const merged = linkedEnvironment(resources, env);
  const parsed = parseConfig(merged);
  if (!parsed.ok) throw new Error(`Invalid configuration: ${parsed.errors.join("; ")}`);
  const adminToken = parsed.config.adminToken ?? "";
  if (!adminToken && options.adminToken !== false) throw new Error("Invalid configuration: ADMIN_TOKEN (the AdminToken secret) is not set");
  return { config: parsed.config, env: merged, adminToken };
}
