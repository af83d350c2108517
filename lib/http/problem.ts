/** RFC 9457 problem details: every error the API returns is one of these, never a stack trace. */
import type { FieldProblem } from "../articles/normalize.ts";

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

/** Maps zod issues to field problems with JSON pointers (RFC 6901 escaping of ~ and /). */
export function zodProblems(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code?: string; keys?: string[] }>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const issue of issues) {
    const base = issue.path.map((p) => String(p).replace(/~/g, "~0").replace(/\//g, "~1"));
    if (issue.code === "unrecognized_keys" && issue.keys) {
      for (const key of issue.keys) problems.push({ pointer: "/" + [...base, key].join("/"), detail: "is not a recognised field" });
    } else {
      problems.push({ pointer: base.length ? "/" + base.join("/") : "", detail: issue.message });
    }
  }
  return problems;
}
