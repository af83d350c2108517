/** End to end: the CLI as a child process against the real app (dynalite) served on a loopback port. */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve, type ServerType } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Article } from "../../lib/model/article.ts";
import { vapidConfigFromEnv } from "../../lib/push/vapid.ts";
import { createVapidHeaders } from "../../lib/push/vapid-headers.ts";
import { startTestServices, TEST_ADMIN_TOKEN, type TestServices } from "../helpers/test-store.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const RSS = join(ROOT, "tests/fixtures/import/anapress-rss.xml");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let t: TestServices;
let server: ServerType;
let apiUrl: string;
let tmp: string;
let feeds: Server;
let feedsUrl: string;
const runs: Run[] = [];

/** Runs `node --import tsx scripts/cli.ts …` (faster than npx tsx) with the given env and stdin. */
function cli(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", API_URL: apiUrl, ADMIN_TOKEN: TEST_ADMIN_TOKEN, DATA_DIR: tmp, ...options.env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const run = { code, stdout, stderr };
      runs.push(run);
      resolve(run);
    });
    child.stdin.end(options.stdin ?? "");
  });
}

async function listAll(): Promise<Article[]> {
  const response = await fetch(`${apiUrl}/api/articles?limit=100`);
  return ((await response.json()) as { items: Article[] }).items;
}

beforeAll(async () => {
  t = await startTestServices();
  tmp = await mkdtemp(join(tmpdir(), "cli-test-"));
  // A loopback "publisher site" serving the JSON Feed fixture, and a body over the 10 MB cap.
  const jsonFeed = readFileSync(join(ROOT, "tests/fixtures/import/anapress-feed.json"));
  feeds = createServer((req, res) => {
    if (req.url === "/huge.xml") {
      res.writeHead(200, { "content-type": "application/rss+xml" });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      for (let i = 0; i < 11; i++) res.write(chunk);
      res.end();
    } else {
      res.writeHead(200, { "content-type": "application/feed+json" }).end(jsonFeed);
    }
  });
  await new Promise<void>((resolve) => feeds.listen(0, "127.0.0.1", resolve));
  feedsUrl = `http://127.0.0.1:${(feeds.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => {
    server = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
      apiUrl = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await new Promise((resolve) => feeds?.close(resolve));
  await t?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe("npm run cli", () => {
  it("imports the Arabic RSS fixture, Arabic titles byte-exact in the API", async () => {
    const run = await cli(["import", RSS]);
    expect(run.stderr).toContain("skipped no link: مشافي حلب");
    expect(run.stdout).toContain("created 5, updated 0, unchanged 0, failed 0, skipped 1");
    expect(run.code).toBe(0);
    const titles = (await listAll()).map((a) => a.title);
    expect(titles).toContain("اتفاقية شاملة للتعاون العسكري بين دمشق وطهران.. ورئيس الأركان الإيراني يوجه رسالة لتركيا");
    expect(titles).toContain('بينهم قتلى من الحرس الثوري.. غارات على مواقع للميليشيات الإيرانية بدير الزور <"عاجل">');
    expect(titles).toHaveLength(5);
  });

  it("reports everything unchanged on a second import and duplicates nothing", async () => {
    const before = await listAll();
    const run = await cli(["import", RSS]);
    expect(run.stdout).toContain("created 0, updated 0, unchanged 5, failed 0, skipped 1");
    expect(run.stdout.split("\n").filter((l) => l.startsWith("unchanged "))).toHaveLength(5);
    expect(run.code).toBe(0);
    expect((await listAll()).map((a) => a.id)).toEqual(before.map((a) => a.id));
  });

  it("imports a JSON Feed from a url with a default category", async () => {
    const run = await cli(["import", `${feedsUrl}/feed.json`, "--category", "منوعات"]);
    expect(run.stdout).toContain("created 2, updated 0, unchanged 0, failed 0, skipped 1");
    const article = (await listAll()).find((a) => a.url === "http://anapress.net/a/194391885767300");
    expect(article?.category).toBe("منوعات");
  });

  it("refuses a feed over 10 MB", async () => {
    const run = await cli(["import", `${feedsUrl}/huge.xml`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("is larger than 10 MB");
  });

  it("prints the mapped articles on --dry-run and sends nothing", async () => {
    const before = await listAll();
    const run = await cli(["import", join(ROOT, "tests/fixtures/import/anapress-atom.xml"), "--dry-run"], { env: { ADMIN_TOKEN: "" } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("atom feed: 2 to publish, 0 skipped (dry run, nothing sent)");
    expect(await listAll()).toHaveLength(before.length);
  });

  it("lists articles as a table and as JSON lines, filtered by category", async () => {
    const table = await cli(["list", "--category", "صحة"]);
    expect(table.code).toBe(0);
    expect(table.stdout.split("\n")[0]).toMatch(/^publishedAt\s+id\s+category\s+title$/);
    expect(table.stdout).toContain("عميد كلية الطب بدمشق");
    const json = await cli(["list", "--json", "--limit", "3"]);
    const lines = json.stdout.trim().split("\n").map((l) => JSON.parse(l) as Article);
    expect(lines).toHaveLength(3);
  });

  it("follows the cursor across pages up to the limit", async () => {
    const run = await cli(["list", "--json", "--limit", "5", "--page-size", "2", "--api", apiUrl]);
    const ids = run.stdout.trim().split("\n").map((l) => (JSON.parse(l) as Article).id);
    expect(new Set(ids).size).toBe(5);
    expect(ids).toEqual((await listAll()).slice(0, 5).map((a) => a.id));
  });

  it("publishes from stdin, then reports updated and unchanged", async () => {
    const article = { title: "خبر من سطر الأوامر", url: "https://news.example/a/cli-1", category: "منوعات" };
    const created = await cli(["publish", "-"], { stdin: JSON.stringify(article) });
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^created u[a-z2-7]{32} خبر من سطر الأوامر\n$/);
    const updated = await cli(["publish", "-"], { stdin: JSON.stringify([{ ...article, summary: "ملخص" }]) });
    expect(updated.stdout).toMatch(/^updated /);
    const unchanged = await cli(["publish", "-"], { stdin: JSON.stringify({ ...article, summary: "ملخص" }) });
    expect(unchanged.stdout).toMatch(/^unchanged /);
  });

  it("unpublishes an article, and exits 1 for an unknown id", async () => {
    await cli(["publish", "-"], { stdin: JSON.stringify({ id: "cli-gone", title: "سيحذف", url: "https://news.example/a/gone" }) });
    const run = await cli(["unpublish", "cli-gone"]);
    expect(run).toMatchObject({ code: 0, stdout: "unpublished cli-gone\n" });
    expect((await fetch(`${apiUrl}/api/articles/cli-gone`)).status).toBe(410);
    const missing = await cli(["unpublish", "no-such-article"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("404 No article with id no-such-article.");
  });

  it("prints each failing field's pointer and exits 1, publishing the rest of the array", async () => {
    const file = join(tmp, "bad.json");
    await writeFile(file, JSON.stringify([
      { title: "رابط سيئ", url: "ftp://news.example/x", views: 3 },
      { title: "خبر سليم", url: "https://news.example/a/good" },
      { title: "تاريخ سيئ", url: "https://news.example/a/bad-date", publishedAt: "8 July 2020" },
    ]));
    const run = await cli(["publish", file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("failed رابط سيئ");
    expect(run.stderr).toContain("/views: is set by the server and cannot be sent");
    expect(run.stderr).toContain("/publishedAt: must be an RFC 3339 date-time");
    expect(run.stdout).toMatch(/^created \S+ خبر سليم$/m);
  });

  it("exits 1 with the problem when the token is wrong", async () => {
    const run = await cli(["publish", "-"], { stdin: '{"title":"x","url":"https://news.example/x"}', env: { ADMIN_TOKEN: "wrong-token-0123456789" } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("401 A valid admin token is required");
  });

  it("reads the token from DATA_DIR/admin-token when ADMIN_TOKEN is unset", async () => {
    await writeFile(join(tmp, "admin-token"), `${TEST_ADMIN_TOKEN}\n`);
    const run = await cli(["publish", "-"], { stdin: JSON.stringify({ title: "من الملف", url: "https://news.example/a/file-token" }), env: { ADMIN_TOKEN: "" } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^created /);
  });

  it("prints usage for help and exits 2 for an unknown command", async () => {
    expect((await cli(["help"])).stdout).toContain("Usage: npm run cli");
    const unknown = await cli(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown command: frobnicate");
  });

  it("exits 2 with usage for an option the command does not take, or a value option given none", async () => {
    const unknown = await cli(["list", "--categry", "صحة"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--categry");
    expect(unknown.stderr).toContain("Usage: npm run cli");
    const missing = await cli(["list", "--limit"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--limit");
  });

  it("prints a new VAPID key pair that the service accepts and that signs a header", async () => {
    const run = await cli(["vapid"]);
    expect(run.code).toBe(0);
    const env = Object.fromEntries(run.stdout.trim().split("\n").map((line) => line.split("=", 2) as [string, string]));
    const parsed = vapidConfigFromEnv({ ...env, VAPID_SUBJECT: "mailto:alerts@anapress.net" });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const headers = await createVapidHeaders(parsed.config, { now: Date.now });
    expect(headers.authorizationFor("https://fcm.googleapis.com/fcm/send/x")).toMatch(/^vapid t=[\w-]+\.[\w-]+\.[\w-]+, k=/);
    expect(run.stderr).toMatch(/Keep VAPID_PRIVATE_KEY secret/);
  });

  it("never prints the admin token", () => {
    expect(runs.length).toBeGreaterThan(10);
    for (const run of runs) expect(run.stdout + run.stderr).not.toContain(TEST_ADMIN_TOKEN);
  });
});
