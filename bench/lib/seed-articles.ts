/** Fifty varied Arabic articles for the feed benchmark, built from the test fixtures and the demo set. */
import { readFileSync } from "node:fs";
import type { ArticleService } from "../../lib/articles/service.ts";
import { articles as fixtureArticles } from "../../tests/fixtures/articles.ts";

interface Source {
  title: string;
  summary?: string;
  contentHtml?: string;
  author?: string;
  category?: string;
  tags?: string[];
  imageUrl?: string;
  breaking?: boolean;
}

const demo = JSON.parse(readFileSync(new URL("../../data/demo-articles.json", import.meta.url), "utf8")) as { articles: Source[] };
const CATEGORIES = ["سياسة", "اقتصاد", "صحة", "أمن", "ثقافة", "رياضة"];

/** Publish bodies (what a CMS would POST), newest first: each headline's own text, full bodies where the source has one. */
export function benchArticleInputs(count: number): Record<string, unknown>[] {
  const sources: Source[] = [...fixtureArticles, ...demo.articles];
  // Sources without a body borrow the lead article's paragraphs, so every item carries realistic content.
  const leadBody = demo.articles.find((a) => (a.contentHtml ?? "").length > 500)?.contentHtml ?? "";
  const start = Date.parse("2024-03-10T18:00:00.000Z");
  return Array.from({ length: count }, (_, i) => {
    const s = sources[i % sources.length]!;
    const round = Math.floor(i / sources.length);
    const id = `bench-${String(i).padStart(3, "0")}`;
    const body = (s.contentHtml ?? "").length > 200 ? s.contentHtml! : `${s.contentHtml ?? ""}${leadBody}`;
    return {
      id,
      title: round === 0 ? s.title : `${s.title} (${round + 1})`,
      url: `https://news.example/a/${id}`,
      summary: s.summary ?? "",
      contentHtml: body,
      author: s.author ?? "أنا برس",
      category: s.category ?? CATEGORIES[i % CATEGORIES.length],
      tags: s.tags ?? [],
      ...(s.imageUrl ? { imageUrl: s.imageUrl } : {}),
      publishedAt: new Date(start - i * 37 * 60_000).toISOString(),
      lang: "ar",
      breaking: Boolean(s.breaking),
    };
  });
}

/** Publishes the articles through the service (validation, sanitising, feed entries), oldest first. */
export async function publishBenchArticles(service: ArticleService, count: number): Promise<void> {
  for (const input of benchArticleInputs(count).reverse()) {
    const outcome = await service.publish(input);
    if (outcome.kind !== "created") throw new Error(`bench: publishing ${String(input.id)} gave ${JSON.stringify(outcome)}`);
  }
}
