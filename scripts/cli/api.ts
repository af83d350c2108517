/** The CLI's HTTP client for /api/articles: one small function per call, results as values, never throws on HTTP. */
import type { Article } from "../../lib/model/article.ts";

/** An RFC 9457 problem as the API sends it, or one made up for a network failure. */
export interface ApiProblem {
  status: number;
  title?: string;
  detail?: string;
  errors?: { pointer: string; detail: string }[];
}

export type ApiResult<T> = { ok: true; status: number; value: T } | { ok: false; problem: ApiProblem };

export interface ApiClient {
  baseUrl: string;
  token?: string;
}

async function call<T>(client: ApiClient, path: string, init: RequestInit = {}): Promise<ApiResult<T>> {
  const headers = new Headers(init.headers);
  headers.set("accept", "application/json");
  if (client.token) headers.set("authorization", `Bearer ${client.token}`);
  let response: Response;
  try {
    response = await fetch(client.baseUrl + path, { ...init, headers });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return { ok: false, problem: { status: 0, title: "Network error", detail: `cannot reach ${client.baseUrl}${cause}` } };
  }
  const text = await response.text();
  const body = parseJson(text);
  if (!response.ok) return { ok: false, problem: toProblem(response.status, body, text) };
  return { ok: true, status: response.status, value: body as T };
}

/** POST /api/articles: 201 when created, 200 when updated, republished or unchanged. */
export function postArticle(client: ApiClient, article: unknown): Promise<ApiResult<Article>> {
  return call<Article>(client, "/api/articles", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(article),
  });
}

/** GET /api/articles/:id (public): the live article, or a 404/410 problem. */
export function getArticle(client: ApiClient, id: string): Promise<ApiResult<Article>> {
  return call<Article>({ baseUrl: client.baseUrl }, `/api/articles/${encodeURIComponent(id)}`);
}

/** DELETE /api/articles/:id: 204 when unpublished. */
export function deleteArticle(client: ApiClient, id: string): Promise<ApiResult<null>> {
  return call<null>(client, `/api/articles/${encodeURIComponent(id)}`, { method: "DELETE" });
}

export interface ListQuery {
  limit: number;
  cursor?: string;
  category?: string;
  tag?: string;
}

/** GET /api/articles: one page, newest first. */
export function listArticles(client: ApiClient, query: ListQuery): Promise<ApiResult<{ items: Article[]; nextCursor: string | null }>> {
  const params = new URLSearchParams({ limit: String(query.limit) });
  if (query.cursor) params.set("cursor", query.cursor);
  if (query.category) params.set("category", query.category);
  if (query.tag) params.set("tag", query.tag);
  return call(client, `/api/articles?${params}`);
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return undefined;
  }
}

function toProblem(status: number, body: unknown, text: string): ApiProblem {
  if (typeof body === "object" && body !== null) {
    const b = body as Record<string, unknown>;
    const errors = Array.isArray(b.errors)
      ? b.errors.filter((e): e is { pointer: string; detail: string } => typeof e?.pointer === "string" && typeof e?.detail === "string")
      : undefined;
    return {
      status,
      ...(typeof b.title === "string" ? { title: b.title } : {}),
      ...(typeof b.detail === "string" ? { detail: b.detail } : {}),
      ...(errors?.length ? { errors } : {}),
    };
  }
  return { status, detail: text.slice(0, 200) || `HTTP ${status}` };
}
