/** RFC 9457 problem details: every error the API returns is one of these, never a stack trace. */
import type { FieldProblem } from "../validation.ts";

export interface Problem {
  status: number;
  title: string;
  detail?: string;
  /** For validation failures: each failing field as a JSON pointer with a message. */
  errors?: FieldProblem[];
  type?: string;
  [extension: string]: unknown;
}

/** Builds the response; `headers` carries e.g. Retry-After or WWW-Authenticate. */
export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  const body = { type: problem.type ?? "about:blank", ...problem };
  return new Response(JSON.stringify(body), {
    status: problem.status,
    headers: { "content-type": "application/problem+json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

export const badRequest = (detail: string, errors?: FieldProblem[]) =>
  problemResponse({ status: 400, title: "Bad Request", detail, ...(errors ? { errors } : {}) });

export const notFound = (detail = "No such resource.") => problemResponse({ status: 404, title: "Not Found", detail });
