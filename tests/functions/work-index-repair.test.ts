/**
 * The local runtime's repair of dynalite's work index after an unclean shutdown. dynalite writes index entries and
 * the item separately, so a SIGKILL between them leaves exactly the states made here by editing its LevelDB files:
 * an item its index no longer lists, and entries pointing at an item that is gone or no longer carries them.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { ClassicLevel } from "classic-level";
import { afterEach, describe, expect, it } from "vitest";
import { startEmbeddedDynamo, type EmbeddedDynamo } from "../../functions/node/embedded-dynamo.ts";
import { repairWorkIndex } from "../../functions/node/work-index-repair.ts";
import { ensureTable } from "../../lib/store/index.ts";
import { createNotificationStore } from "../../lib/store/notifications.ts";
import { STATE_INDEX } from "../../lib/store/table.ts";
import { createNodeDocumentClient } from "../../functions/node/dynamo-client.ts";

const TABLE = "repair-test";
const dirs: string[] = [];
let open: EmbeddedDynamo | undefined;

afterEach(async () => {
  await open?.close();
  open = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function openStore(path: string) {
  open = await startEmbeddedDynamo({ path });
  const client = createNodeDocumentClient({ endpoint: open.endpoint, region: "us-east-1" });
  await ensureTable(client, TABLE);
  const db = { client, table: TABLE, sleep: async () => {}, random: Math.random };
  return { embedded: open, client, db, notifications: createNotificationStore({ db, now: () => new Date() }) };
}

async function listed(client: ReturnType<typeof createNodeDocumentClient>, stateKey: string): Promise<string[]> {
  const out = await client.send(new QueryCommand({ TableName: TABLE, IndexName: STATE_INDEX, KeyConditionExpression: "stateKey = :k", ExpressionAttributeValues: { ":k": stateKey } }));
  return (out.Items ?? []).map((i) => `${i.pk} ${i.sk}`).sort();
}

/** Edits dynalite's LevelDB directly (the store must be closed): `edit` gets each record and may drop or rewrite it. */
async function editLevel(path: string, edit: (key: string, value: Record<string, unknown>) => "keep" | "delete" | Record<string, unknown>) {
  const level = new ClassicLevel<string, Record<string, unknown>>(path, { valueEncoding: "json" });
  for await (const [key, value] of level.iterator()) {
    const result = edit(key, value);
    if (result === "delete") await level.del(key);
    else if (result !== "keep") await level.put(key, result);
  }
  await level.close();
}

function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), "work-index-"));
  dirs.push(dir);
  return join(dir, "dynamodb");
}

const batch = (articleId: string, seq: number) => ({
  articleId,
  batch: `B#*#0#${String(seq).padStart(6, "0")}`,
  members: [{ subId: `sub-${seq}`, endpoint: "https://push.example/x", keys: { p256dh: "p", auth: "a" } }],
  held: false,
  source: "*#0",
});

describe("work index repair after an unclean shutdown of the embedded store", () => {
  it("reports an unclean shutdown only after the process holding the store was killed", async () => {
    const path = tempPath();
    const first = await openStore(path);
    expect(first.embedded.uncleanShutdown).toBe(false);
    await first.embedded.close();
    open = undefined;
    const second = await openStore(path);
    expect(second.embedded.uncleanShutdown).toBe(false);
    await second.embedded.close();
    open = undefined;

    const module = fileURLToPath(new URL("../../functions/node/embedded-dynamo.ts", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e",
      `const { startEmbeddedDynamo } = await import(${JSON.stringify(module)}); await startEmbeddedDynamo({ path: ${JSON.stringify(path)} }); console.log("ready"); setInterval(() => {}, 1000);`,
    ], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve) => child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve()));
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));

    expect((await openStore(path)).embedded.uncleanShutdown).toBe(true);
  });

  it("lists a pending batch again and drops entries whose items are gone or done, so the sweeper finds the batch", async () => {
    const path = tempPath();
    const before = await openStore(path);
    const { notifications } = before;
    await notifications.putBatch(batch("lost-index", 0)); // index entry will be lost: the stranded batch
    await notifications.putBatch(batch("lost-item", 0)); // item will be lost: a ghost entry
    await notifications.putBatch(batch("completed", 0)); // item completed, entry left behind
    await notifications.putBatch(batch("healthy", 0)); // untouched
    await before.client.send(new PutCommand({ TableName: TABLE, Item: { pk: "A#story", sk: "A", title: "خبر", stateKey: "dirty", stateAt: "2025-01-10T08:00:00.000Z#story" } }));
    await before.embedded.close();
    open = undefined;

    // dynalite keeps attribute values typed as on the wire: { pk: { S: "…" } }.
    const pk = (value: Record<string, unknown>) => (value.pk as { S?: string } | undefined)?.S;
    await editLevel(path, (key, value) => {
      if (key.startsWith("index-") && pk(value) === "NB#lost-index") return "delete";
      if (key.startsWith("item-") && pk(value) === "NB#lost-item") return "delete";
      if (key.startsWith("item-") && pk(value) === "NB#completed") {
        const { stateKey: _k, stateAt: _a, ...rest } = value;
        return { ...rest, state: { S: "done" } };
      }
      return "keep";
    });

    const { client, db, notifications: after } = await openStore(path);
    // What the sweeper would see without the repair: the stranded batch is missing, two dead entries are there.
    expect(await listed(client, "batch")).toEqual(["NB#completed B#*#0#000000", "NB#healthy B#*#0#000000", "NB#lost-item B#*#0#000000"]);

    expect(await repairWorkIndex(db)).toEqual({ relisted: 1, unlisted: 2 });

    expect(await listed(client, "batch")).toEqual(["NB#healthy B#*#0#000000", "NB#lost-index B#*#0#000000"]);
    expect(await listed(client, "dirty")).toEqual(["A#story A"]);
    const due = await after.dueBatches(new Date(Date.now() + 60_000), new Date());
    expect(due.map((r) => r.articleId).sort()).toEqual(["healthy", "lost-index"]);
    expect((await after.getBatch({ articleId: "lost-item", batch: "B#*#0#000000" }))).toBeUndefined();
    expect((await after.getBatch({ articleId: "completed", batch: "B#*#0#000000" }))?.state).toBe("done");
    // Idempotent: a second pass finds nothing to do.
    expect(await repairWorkIndex(db)).toEqual({ relisted: 0, unlisted: 0 });
  });
});
