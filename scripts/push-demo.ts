/**
 * `npm run demo:push`: proves the whole push path on one machine. Starts a loopback push service that verifies VAPID
 * and decrypts (the test receiver), runs `npm start`'s entry point with it allowed, subscribes a browser-like client,
 * publishes an Arabic article through the API, prints the declarative message the "browser" decrypted, then clicks
 * it (follows `navigate` as a browser would, printing the equivalent curl) and shows push-stats counting the click.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPushReceiver } from "../tests/helpers/push-receiver.ts";
import { freePort } from "./load/service-process.ts";

const dir = await mkdtemp(join(tmpdir(), "push-demo-"));
const receiver = await startPushReceiver();
const caFile = join(dir, "receiver-ca.pem");
await writeFile(caFile, receiver.ca);
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const token = "push-demo-admin-token-0123456789";
const child = spawn(process.execPath, ["--import", "tsx", "functions/local.ts"], {
  cwd: new URL("..", import.meta.url),
  env: {
    ...process.env,
    DATA_DIR: join(dir, "data"),
    PORT: String(port),
    DEMO: "0",
    ADMIN_TOKEN: token,
    LOG_LEVEL: "warn",
    PUSH_ALLOWED_HOSTS: `127.0.0.1:${receiver.port}`,
    NODE_EXTRA_CA_CERTS: caFile,
  },
  stdio: ["ignore", "inherit", "inherit"],
});

try {
  for (let i = 0; ; i++) {
    if (i > 100) throw new Error("the service did not start");
    if ((await fetch(`${base}/health`).catch(() => undefined))?.ok) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const subscriber = receiver.subscribe();
  const subscribed = await fetch(`${base}/api/push/subscriptions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...subscriber.subscription, topics: ["سوريا"] }),
  });
  console.log(`subscribed a browser to سوريا: ${subscribed.status}`);
  const published = await fetch(`${base}/api/articles`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({
      title: "اتفاقية شاملة للتعاون العسكري بين دمشق وطهران",
      url: "http://anapress.net/a/194391885768658",
      summary: "وقع نظام الأسد اليوم الأربعاء اتفاقية شاملة للتعاون العسكري مع إيران.",
      category: "سوريا",
    }),
  });
  console.log(`published: ${published.status}`);
  for (let i = 0; receiver.received.length === 0; i++) {
    if (i > 100) throw new Error("no push arrived within 20 s");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  console.log("the push service received, verified (VAPID) and decrypted (aes128gcm) this declarative push message:");
  const message = receiver.received[0]!.payload as { web_push?: number; notification?: { navigate?: string } };
  console.log(JSON.stringify(message, null, 2));
  const navigate = message.notification?.navigate;
  if (message.web_push !== 8030 || !navigate) throw new Error("the push is not a declarative message with a navigate link");

  // The click: what Safari (declaratively) or public/sw.js opens, followed with curl (fetch where curl is missing).
  console.log(`\nclick: curl -s -o /dev/null -w '%{http_code} %{redirect_url}\\n' '${navigate}'`);
  const curl = spawnSync("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", navigate], { encoding: "utf8" });
  if (curl.status === 0) console.log(curl.stdout);
  else {
    const opened = await fetch(navigate, { redirect: "manual" });
    console.log(`${opened.status} ${opened.headers.get("location")}`);
  }
  const articleId = ((await published.json()) as { id: string }).id;
  let counters: Record<string, unknown> = {};
  // The batch adds its counters once all its sends have ended; wait for that (a moment after the push arrived).
  for (let i = 0; counters.state !== "done"; i++) {
    if (i > 100) throw new Error("the notification was not settled within 20 s");
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 200));
    const stats = await fetch(`${base}/api/articles/${articleId}/push-stats`, { headers: { authorization: `Bearer ${token}` } });
    counters = (await stats.json()) as Record<string, unknown>;
  }
  console.log(`push-stats: delivered ${counters.delivered}, clicked ${counters.clicked}, click-through rate ${counters.clickThroughRate}`);
} finally {
  child.kill("SIGTERM");
  await receiver.close();
  await rm(dir, { recursive: true, force: true });
}
