/**
 * Posts the preview as one sticky pull-request comment through the GitHub REST API (global `fetch`):
 * lists the issue comments of the PR, page by page (`per_page=100`, following the `Link: rel="next"`
 * header), finds the first whose body contains `PREVIEW_MARKER`, and PATCHes it; when there is none,
 * POSTs a new comment. The body gets the marker prepended if it lacks one, so the next run finds it.
 *
 * ```sh
 * GITHUB_TOKEN=... npx tsx scripts/preview/post-comment.ts --file comment.md --repo owner/name --pr 123
 * ```
 *
 * `--repo` defaults to `GITHUB_REPOSITORY`, `--pr` to the pull request of `GITHUB_EVENT_PATH`, the API
 * to `GITHUB_API_URL` (GitHub Enterprise) or `https://api.github.com`. The token needs
 * `pull-requests: write` (or `issues: write`). It is never printed; errors show the status and
 * GitHub's message.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { GITHUB_COMMENT_LIMIT, PREVIEW_MARKER } from "./comment";

/** The `fetch` the poster calls; injectable for tests. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<{
  ok: boolean;
  status: number;
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
  text(): Promise<string>;
}>;

/** What to post where. */
export interface PostOptions {
  /** `owner/name`. */
  repo: string;
  /** Pull request (issue) number. */
  pr: number;
  body: string;
  token: string;
  /** @default globalThis.fetch */
  fetch?: FetchLike;
  /** @default "https://api.github.com" */
  apiUrl?: string;
  /** @default PREVIEW_MARKER */
  marker?: string;
}

/** What happened. */
export interface PostResult {
  action: "created" | "updated";
  id: number;
  url?: string;
}

interface IssueComment {
  id: number;
  body?: string | null;
  html_url?: string;
}

/** The URL of `rel="next"` in a `Link` header, if any. */
export function nextLink(header: string | null): string | undefined {
  for (const part of (header ?? "").split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match) return match[1];
  }
  return undefined;
}

async function call(
  fetcher: FetchLike,
  url: string,
  method: string,
  token: string,
  body?: unknown,
): Promise<Awaited<ReturnType<FetchLike>>> {
  const response = await fetcher(url, {
    method,
    headers: {
      Accept: "application/vnd.github+json",
      Authorization: `Bearer ${token}`,
      "X-GitHub-Api-Version": "2022-11-28",
      "User-Agent": "platform-infra-plan-preview",
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) {
    const text = await response.text().catch(() => "");
    let detail = text.slice(0, 300);
    try {
      detail = String((JSON.parse(text) as { message?: unknown }).message ?? detail);
    } catch {
      // not JSON: keep the text
    }
    throw new Error(
      `GitHub API ${method} ${url.replace(/\?.*$/, "")} failed: ${response.status} ${detail}`.trim(),
    );
  }
  return response;
}

/** Finds the comment with the marker, paginating through all comments of the pull request. */
export async function findMarkedComment(options: PostOptions): Promise<IssueComment | undefined> {
  const fetcher = options.fetch ?? (globalThis.fetch as unknown as FetchLike);
  const api = (options.apiUrl ?? "https://api.github.com").replace(/\/$/, "");
  const marker = options.marker ?? PREVIEW_MARKER;
  let url: string | undefined = `${api}/repos/${options.repo}/issues/${options.pr}/comments?per_page=100`;
  while (url !== undefined) {
    const response = await call(fetcher, url, "GET", options.token);
    const page = (await response.json()) as IssueComment[];
    const found = page.find((c) => typeof c.body === "string" && c.body.includes(marker));
    if (found) return found;
    url = nextLink(response.headers.get("link"));
  }
  return undefined;
}

/** Updates the marked comment, or creates one. */
export async function postComment(options: PostOptions): Promise<PostResult> {
  if (!/^[\w.-]+\/[\w.-]+$/.test(options.repo))
    throw new Error(`--repo must be owner/name, got "${options.repo}"`);
  if (!Number.isInteger(options.pr) || options.pr <= 0)
    throw new Error(`--pr must be a positive number, got ${options.pr}`);
  if (options.token === "") throw new Error("GITHUB_TOKEN is empty");
  const marker = options.marker ?? PREVIEW_MARKER;
  const body = options.body.includes(marker) ? options.body : `${marker}\n${options.body}`;
  if (body.length > GITHUB_COMMENT_LIMIT) {
    throw new Error(`comment is ${body.length} characters; GitHub accepts ${GITHUB_COMMENT_LIMIT}`);
  }
  const fetcher = options.fetch ?? (globalThis.fetch as unknown as FetchLike);
  const api = (options.apiUrl ?? "https://api.github.com").replace(/\/$/, "");
  const existing = await findMarkedComment({ ...options, fetch: fetcher });
  const response = existing
    ? await call(
        fetcher,
        `${api}/repos/${options.repo}/issues/comments/${existing.id}`,
        "PATCH",
        options.token,
        { body },
      )
    : await call(
        fetcher,
        `${api}/repos/${options.repo}/issues/${options.pr}/comments`,
        "POST",
        options.token,
        { body },
      );
  const saved = (await response.json()) as IssueComment;
  return {
    action: existing ? "updated" : "created",
    id: saved.id,
    ...(saved.html_url ? { url: saved.html_url } : {}),
  };
}

function prFromEvent(file: string | undefined): number | undefined {
  if (!file) return undefined;
  try {
    const event = JSON.parse(readFileSync(file, "utf8")) as {
      pull_request?: { number?: unknown };
      number?: unknown;
    };
    const n = Number(event.pull_request?.number ?? event.number);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** CLI entry; resolves to the exit code (0 posted, 2 error). */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const usage =
    "usage: post-comment.ts --file <comment.md> [--repo owner/name] [--pr <number>] (GITHUB_TOKEN in the environment)";
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { file: { type: "string" }, repo: { type: "string" }, pr: { type: "string" } },
      allowPositionals: false,
    });
    if (!values.file) throw new Error(`--file is required\n${usage}`);
    const repo = values.repo ?? env.GITHUB_REPOSITORY;
    if (!repo) throw new Error(`--repo (or GITHUB_REPOSITORY) is required\n${usage}`);
    const pr = values.pr === undefined ? prFromEvent(env.GITHUB_EVENT_PATH) : Number(values.pr);
    if (pr === undefined)
      throw new Error(`--pr (or a pull_request event in GITHUB_EVENT_PATH) is required\n${usage}`);
    const token = env.GITHUB_TOKEN ?? "";
    const result = await postComment({
      repo,
      pr,
      token,
      body: readFileSync(values.file, "utf8"),
      ...(env.GITHUB_API_URL ? { apiUrl: env.GITHUB_API_URL } : {}),
    });
    console.log(`post-comment: ${result.action} comment ${result.id}${result.url ? ` (${result.url})` : ""}`);
    return 0;
  } catch (error) {
    console.error(`post-comment: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
