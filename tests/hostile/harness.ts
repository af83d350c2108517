/**
 * Table-driven hostile requests: each case names a request and the 4xx it must get; afterwards the whole exchange is
 * checked for 5xx, stack traces, "Error:" text and the admin token, and the table is compared with a snapshot.
 */
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { expect, it } from "vitest";
import { request, TEST_ADMIN_TOKEN, type TestServices } from "../helpers/test-store.ts";

export interface HostileCase {
  /** Reads as behaviour: "refuses a p256dh point off the curve with 400 naming /keys/p256dh". */
  name: string;
  method?: string;
  path: string;
  json?: unknown;
  /** A raw body (sent as application/json unless `headers` says otherwise). */
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  admin?: boolean;
  status: number;
  /** A JSON pointer that must appear among the problem's `errors`. */
  pointer?: string;
  /** What the error body is: problem+json (default) or the site's HTML error page (page routes). */
  kind?: "problem" | "html";
}

export interface Exchange {
  name: string;
  status: number;
  headers: string;
  body: string;
}

/** Every request a file sent and what came back, for the after-all checks. */
export class Recorder {
  readonly exchanges: Exchange[] = [];
  readonly sentSecrets = new Set<string>([TEST_ADMIN_TOKEN]);
  count = 0;
}

/** Sends one case through the app and records the exchange. */
export async function send(t: TestServices, recorder: Recorder, c: HostileCase): Promise<{ res: Response; text: string }> {
  const headers: Record<string, string> = { ...(c.headers ?? {}) };
  if (c.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["content-type"] = "application/json";
  const auth = Object.entries(headers).find(([h]) => h.toLowerCase() === "authorization")?.[1];
  // Near-miss and wrong tokens must not show up anywhere either.
  if (auth && auth.length >= 8) recorder.sentSecrets.add(auth.replace(/^Bearer\s+/i, ""));
  const res = await request(t, c.path, {
    method: c.method ?? "GET",
    headers,
    ...(c.json !== undefined ? { json: c.json } : {}),
    ...(c.body !== undefined ? { body: c.body as BodyInit } : {}),
    ...(c.admin ? { admin: true } : {}),
  });
  const text = await res.text();
  recorder.count++;
  recorder.exchanges.push({ name: c.name, status: res.status, headers: JSON.stringify([...res.headers]), body: text });
  return { res, text };
}

/** Checks the status and the error body a case promises. */
export function expectRefusal(c: HostileCase, res: Response, text: string): void {
  expect(res.status, `${c.name}: ${text.slice(0, 300)}`).toBe(c.status);
  if ((c.kind ?? "problem") === "html") {
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    return;
  }
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(text) as { status: number; title: unknown; errors?: Array<{ pointer: string }> };
  expect(problem.status).toBe(c.status);
  expect(typeof problem.title).toBe("string");
  if (c.pointer !== undefined) expect(problem.errors?.map((e) => e.pointer), text).toContain(c.pointer);
}

/** Registers one `it` per case (run in order, sharing the services). */
export function hostileCases(services: () => TestServices, recorder: Recorder, cases: HostileCase[]): void {
  for (const c of cases) {
    it(c.name, async () => {
      const { res, text } = await send(services(), recorder, c);
      expectRefusal(c, res, text);
    });
  }
}

/** Every item in the table, sorted, as one string. */
export async function tableSnapshot(t: TestServices): Promise<string> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await t.client.send(new ScanCommand({ TableName: t.tableName, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...((out.Items ?? []) as Record<string, unknown>[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return JSON.stringify(items.map((i) => JSON.stringify(i, Object.keys(i).sort())).sort());
}

const STACK_FRAME = /\n\s+at /;

/** The after-all checks: no 5xx, no stack trace, no "Error:", no token in any response or log line. */
export function expectNothingLeaked(t: TestServices, recorder: Recorder): void {
  const fivexx = recorder.exchanges.filter((e) => e.status >= 500).map((e) => `${e.name}: ${e.status}`);
  expect(fivexx).toEqual([]);
  for (const e of recorder.exchanges) {
    const all = `${e.headers}\n${e.body}`;
    expect(STACK_FRAME.test(all), `stack trace in "${e.name}"`).toBe(false);
    expect(all.includes("Error:"), `"Error:" in "${e.name}"`).toBe(false);
    for (const secret of recorder.sentSecrets) expect(all.includes(secret), `token in "${e.name}"`).toBe(false);
  }
  for (const line of t.logLines) {
    expect(line).not.toMatch(/\\n\s+at |\n\s+at /);
    expect(line).not.toContain("Error:");
    // "[redacted]" would mean the token reached the logger and was only caught by redaction.
    expect(line).not.toContain("[redacted]");
    for (const secret of recorder.sentSecrets) expect(line.includes(secret), "token in a log line").toBe(false);
  }
}
