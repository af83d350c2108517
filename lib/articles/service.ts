/** Publishing as the newsroom sees it: validate, normalise, store, then tell listeners what changed. */
import type { Article } from "../model/article.ts";
import type { ArticleStore } from "../store/index.ts";
import { announcer, createArticleRepair, type ChangeListener } from "./changes.ts";
import { normalizeArticle } from "./normalize.ts";
import { articleInputSchema, articlePatchSchema, SERVER_OWNED_FIELDS, type ArticleInput } from "./schema.ts";
import { zodProblems, type FieldProblem } from "../validation.ts";

export type { ArticleChange, ChangeListener } from "./changes.ts";

export type PublishOutcome =
  | { kind: "created" | "updated" | "republished" | "unchanged"; article: Article }
  | { kind: "invalid"; problems: FieldProblem[] }
  | { kind: "conflict" }
  | { kind: "missing" };

export function createArticleService(store: ArticleStore, listeners: ChangeListener[] = []) {
  const announce = announcer(listeners);
  const { repair } = createArticleRepair(store, listeners);

  async function publish(body: unknown): Promise<PublishOutcome> {
    const owned = serverOwned(body);
    if (owned.length > 0) return { kind: "invalid", problems: owned };
    const parsed = articleInputSchema.safeParse(body);
    if (!parsed.success) return { kind: "invalid", problems: zodProblems(parsed.error.issues) };
    return write(parsed.data);
  }

  async function write(input: ArticleInput, expect?: { rev: number }): Promise<PublishOutcome> {
    const normalized = await normalizeArticle(input);
    if (!normalized.ok) return { kind: "invalid", problems: normalized.problems };
    const result = await store.upsert(normalized.content, expect);
    if (result.kind === "conflict" || result.kind === "missing") return result;
    await announce(result.article.id, result.sync);
    return { kind: result.kind, article: result.article };
  }

  async function patch(id: string, body: unknown): Promise<PublishOutcome> {
    const owned = serverOwned(body, ["id"]);
    if (owned.length > 0) return { kind: "invalid", problems: owned };
    const parsed = articlePatchSchema.safeParse(body);
    if (!parsed.success) return { kind: "invalid", problems: zodProblems(parsed.error.issues) };
    const current = await store.get(id);
    if (current.kind !== "live") return { kind: "missing" };
    const merged: Record<string, unknown> = { ...toInput(current.article) };
    for (const [key, value] of Object.entries(parsed.data)) {
      if (value === null) delete merged[key];
      else if (value !== undefined) merged[key] = value;
    }
    return write(merged as ArticleInput, { rev: current.rev });
  }

  async function unpublish(id: string): Promise<"unpublished" | "missing"> {
    const result = await store.unpublish(id);
    if (result.kind === "missing") return "missing";
    await announce(id, result.sync);
    return "unpublished";
  }

  return { publish, patch, unpublish, repair };
}

export type ArticleService = ReturnType<typeof createArticleService>;

function serverOwned(body: unknown, extra: string[] = []): FieldProblem[] {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return [];
  return [...SERVER_OWNED_FIELDS, ...extra]
    .filter((field) => Object.hasOwn(body, field))
    .map((field) => ({ pointer: `/${field}`, detail: "is set by the server and cannot be sent" }));
}

function toInput(article: Article): ArticleInput {
  const { views: _views, updatedAt: _updatedAt, ...rest } = article;
  return rest;
}
