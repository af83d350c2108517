/**
 * Announcing article changes to listeners (caches, WebSub, push), and the repair pass that finishes syncs a crash
 * interrupted. Apart from service.ts so a process that only repairs (the sweeper) needs no validation or sanitising.
 */
import type { ArticleStore, SyncResult } from "../store/index.ts";
import type { FeedKey } from "../store/keys.ts";

/** What listeners (feed caches, WebSub, push fan-out) learn after a write. */
export interface ArticleChange {
  articleId: string;
  feeds: FeedKey[];
  notificationQueued: boolean;
}

export type ChangeListener = (change: ArticleChange) => void | Promise<void>;

/** Tells every listener about a sync that changed something; listeners never fail the caller. */
export function announcer(listeners: ChangeListener[]) {
  return async function announce(articleId: string, sync: SyncResult): Promise<void> {
    if (sync.feeds.length === 0 && !sync.notificationQueued) return;
    const change = { articleId, ...sync };
    // Listeners never fail a publish: the write is done, and each listener retries or is repaired by the sweeper.
    await Promise.allSettled(listeners.map(async (listener) => listener(change)));
  };
}

/** Finishes syncs a crash interrupted and announces them, so caches, hubs and pushes catch up. */
export function createArticleRepair(store: Pick<ArticleStore, "dirtyIds" | "sync">, listeners: ChangeListener[] = []) {
  const announce = announcer(listeners);
  async function repair(): Promise<number> {
    const ids = await store.dirtyIds();
    for (const id of ids) await announce(id, await store.sync(id));
    return ids.length;
  }
  return { repair };
}

export type ArticleRepair = ReturnType<typeof createArticleRepair>;
