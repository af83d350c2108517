/** The part of autocannon (CommonJS, untyped) the load script uses, typed. */
import { createRequire } from "node:module";

/** One request as autocannon builds it; `setupRequest` may rewrite it before every send. */
export interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
  onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string | string[]>) => void;
}

export interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  timeout?: number;
  requests: AutocannonRequest[];
}

/** The fields of autocannon's result we report (latency in ms). */
export interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  resets: number;
  mismatches: number;
  latency: { p50: number; p90: number; p99: number; max: number; average: number };
  requests: { average: number; total: number; sent: number };
  statusCodeStats: Record<string, { count: number }>;
}

type Autocannon = (options: AutocannonOptions, done: (error: Error | null, result: AutocannonResult) => void) => unknown;

const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

/** Runs autocannon to completion. */
export function runAutocannon(options: AutocannonOptions): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}
