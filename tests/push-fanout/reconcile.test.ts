import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { article, publish, pushServices, startBench, subscribe, type Bench, type PushServices } from "./harness.ts";

describe("a crash between a batch's completion and its count", () => {
  let bench: Bench;
  let s: PushServices;
  beforeAll(async () => {
    bench = await startBench();
    s = await pushServices(bench);
  });
  afterAll(async () => {
    s.close();
    await bench.close();
  });

  it("is settled by the sweeper from the batch items, without sending again", async () => {
    for (let i = 0; i < 3; i++) await subscribe(bench, s);
    await publish(s, article("stranded"));
    const sent = bench.receiver.received.length;
    // The state such a crash leaves: every batch done, the notification's count short, still listed for the sweeper.
    await s.store.db.client.send(
      new UpdateCommand({
        TableName: s.table,
        Key: { pk: "N#stranded", sk: "N" },
        UpdateExpression: "SET #state = :fanned, batchesDone = :zero, stateKey = :notify, stateAt = :at",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: { ":fanned": "fanned", ":zero": 0, ":notify": "notify", ":at": "2025-01-10T10:00:00.000Z#stranded" },
      }),
    );
    expect((await s.store.notifications.get("stranded"))?.state).toBe("fanned");
    await s.push!.sweepPush();
    await s.push!.idle();
    const record = await s.store.notifications.get("stranded");
    expect(record?.state).toBe("done");
    expect(record?.batchesDone).toBe(record?.batchesTotal);
    expect(bench.receiver.received.length).toBe(sent);
    expect(await s.store.notifications.pendingIds()).not.toContain("stranded");
  });
});
