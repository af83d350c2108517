/** A WebSub hub on loopback for tests: records each publish POST and answers as the test scripts it. */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface HubPost {
  contentType: string;
  authorization: string | undefined;
  path: string;
  mode: string[];
  urls: string[];
}

/** A status with headers and body, or "hang": hold the response until {@link Hub.release}. */
export type HubReply = { status: number; headers?: Record<string, string>; body?: string } | "hang";

/** Chooses the reply from the post and how many times this topic has been posted (1 for the first). */
export type Responder = (post: HubPost, nthForTopic: number) => HubReply;

export interface Hub {
  url: string;
  posts: HubPost[];
  /** Replies sent so far (hung requests count once released). */
  answered: number;
  respond: Responder;
  /** Resolves once at least `count` POSTs have arrived. */
  waitForPosts(count: number): Promise<void>;
  /** Answers every hung request with 204 and stops hanging new ones. */
  release(): void;
  close(): Promise<void>;
}

export async function startHub(respond: Responder = () => ({ status: 204 })): Promise<Hub> {
  const hung: ServerResponse[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const perTopic = new Map<string, number>();
  const answer = (res: ServerResponse, reply: Exclude<HubReply, "hang">) => {
    res.writeHead(reply.status, reply.headers).end(reply.body ?? "");
    hub.answered++;
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      const post: HubPost = {
        contentType: req.headers["content-type"] ?? "",
        authorization: req.headers.authorization,
        path: req.url ?? "",
        mode: form.getAll("hub.mode"),
        urls: form.getAll("hub.url"),
      };
      hub.posts.push(post);
      const topic = post.urls.join(" ");
      const nth = (perTopic.get(topic) ?? 0) + 1;
      perTopic.set(topic, nth);
      for (const waiter of waiters.filter((w) => hub.posts.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      const reply = released ? { status: 204 } : hub.respond(post, nth);
      if (reply === "hang") hung.push(res);
      else answer(res, reply);
    });
  });
  let released = false;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const hub: Hub = {
    url: `http://127.0.0.1:${port}/hub`,
    posts: [],
    answered: 0,
    respond,
    waitForPosts: (count) =>
      hub.posts.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    release() {
      released = true;
      for (const res of hung.splice(0)) if (!res.destroyed) answer(res, { status: 204 });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return hub;
}
