/** Loads the demo set of real Arabic articles into an empty store, through the same publishing path as the API. */
import type { ArticleService } from "./articles/service.ts";
import type { Store } from "./store/index.ts";
import { ALL_FEED } from "./store/keys.ts";

export interface DemoArticle extends Record<string, unknown> {
  id: string;
  views?: number;
}

/** Publishes the demo articles when the store holds none; returns how many were loaded. */
export async function loadDemo(store: Store, service: ArticleService, articles: DemoArticle[]): Promise<number> {
  const page = await store.articles.list(ALL_FEED, { limit: 1 });
  if (page !== "bad-cursor" && page.items.length > 0) return 0;
  let loaded = 0;
  for (const { views, ...article } of articles) {
    const outcome = await service.publish(article);
    if (outcome.kind === "created") loaded++;
    if (views) await store.views.seed(article.id, views);
  }
  return loaded;
}
