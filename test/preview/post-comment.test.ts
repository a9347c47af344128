import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { PREVIEW_MARKER } from "../../scripts/preview/comment";
import { type FetchLike, main, nextLink, postComment } from "../../scripts/preview/post-comment";
import { tempDir } from "../helpers";

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** A fake GitHub: serves `pages` of comments with Link headers and records every call. */
function fakeGitHub(pages: Array<Array<{ id: number; body: string }>>, status = 200) {
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({
      url,
      method: init.method,
      headers: init.headers,
      ...(init.body ? { body: JSON.parse(init.body) } : {}),
    });
    const page = Number(new URL(url).searchParams.get("page") ?? "1");
    const isList = init.method === "GET";
    const next =
      isList && page < pages.length
        ? `<https://api.github.com/repos/acme/infra/issues/7/comments?per_page=100&page=${page + 1}>; rel="next"`
        : null;
    const json = isList
      ? (pages[page - 1] ?? [])
      : { id: 99, html_url: "https://github.com/acme/infra/pull/7#issuecomment-99" };
    return {
      ok: status < 400,
      status,
      headers: { get: (name: string) => (name.toLowerCase() === "link" ? next : null) },
      json: async () => json,
      text: async () =>
        JSON.stringify(status < 400 ? json : { message: "Resource not accessible by integration" }),
    };
  };
  return { fetch, calls };
}

const base = { repo: "acme/infra", pr: 7, token: "ghs_test_token", body: `${PREVIEW_MARKER}\nhello` };

describe("postComment", () => {
  it("PATCHes the comment with the marker, found on a later page", async () => {
    const gh = fakeGitHub([
      Array.from({ length: 100 }, (_, i) => ({ id: i + 1, body: `comment ${i}` })),
      [
        { id: 500, body: "LGTM" },
        { id: 501, body: `${PREVIEW_MARKER}\nold preview` },
      ],
    ]);
    const result = await postComment({ ...base, fetch: gh.fetch });
    expect(result).toEqual({
      action: "updated",
      id: 99,
      url: "https://github.com/acme/infra/pull/7#issuecomment-99",
    });
    expect(gh.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      "GET https://api.github.com/repos/acme/infra/issues/7/comments?per_page=100",
      "GET https://api.github.com/repos/acme/infra/issues/7/comments?per_page=100&page=2",
      "PATCH https://api.github.com/repos/acme/infra/issues/comments/501",
    ]);
    expect(gh.calls[2]!.body).toEqual({ body: base.body });
    expect(gh.calls[0]!.headers).toMatchObject({
      Authorization: "Bearer ghs_test_token",
      Accept: "application/vnd.github+json",
      "X-GitHub-Api-Version": "2022-11-28",
    });
  });

  it("POSTs a new comment when none has the marker, and adds the marker to a body without one", async () => {
    const gh = fakeGitHub([[{ id: 1, body: "unrelated" }]]);
    const result = await postComment({
      ...base,
      body: "no marker here",
      fetch: gh.fetch,
      apiUrl: "https://ghe.example/api/v3/",
    });
    expect(result.action).toBe("created");
    expect(gh.calls.at(-1)).toMatchObject({
      method: "POST",
      url: "https://ghe.example/api/v3/repos/acme/infra/issues/7/comments",
      body: { body: `${PREVIEW_MARKER}\nno marker here` },
    });
  });

  it("reports GitHub's error without the token", async () => {
    const gh = fakeGitHub([[]], 403);
    const error = await postComment({ ...base, fetch: gh.fetch }).catch((e: Error) => e);
    expect(String(error)).toContain("403 Resource not accessible by integration");
    expect(String(error)).not.toContain("ghs_test_token");
  });

  it("validates its input before calling GitHub", async () => {
    const gh = fakeGitHub([[]]);
    await expect(postComment({ ...base, repo: "nope", fetch: gh.fetch })).rejects.toThrow(/owner\/name/);
    await expect(postComment({ ...base, pr: 0, fetch: gh.fetch })).rejects.toThrow(/positive number/);
    await expect(postComment({ ...base, token: "", fetch: gh.fetch })).rejects.toThrow(
      /GITHUB_TOKEN is empty/,
    );
    await expect(postComment({ ...base, body: "x".repeat(70_000), fetch: gh.fetch })).rejects.toThrow(
      /GitHub accepts 65536/,
    );
    expect(gh.calls).toEqual([]);
  });
});

describe("nextLink", () => {
  it("reads rel=next from a Link header", () => {
    const header =
      '<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last"';
    expect(nextLink(header)).toBe("https://api.github.com/x?page=2");
    expect(nextLink('<https://api.github.com/x?page=1>; rel="prev"')).toBeUndefined();
    expect(nextLink(null)).toBeUndefined();
  });
});

describe("post-comment CLI", () => {
  it("needs a file, a repo and a pull request", async () => {
    expect(await main([], {})).toBe(2);
    expect(await main(["--file", "x.md"], {})).toBe(2);
    expect(await main(["--file", "x.md", "--repo", "acme/infra"], {})).toBe(2);
  });

  it("takes the pull request from the event file, and fails cleanly without a token", async () => {
    const dir = tempDir("preview-post");
    const file = path.join(dir, "comment.md");
    const event = path.join(dir, "event.json");
    writeFileSync(file, "body");
    writeFileSync(event, JSON.stringify({ pull_request: { number: 12 } }));
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      expect(
        await main(["--file", file], { GITHUB_REPOSITORY: "acme/infra", GITHUB_EVENT_PATH: event }),
      ).toBe(2);
      expect(errors).toHaveBeenCalledWith("post-comment: GITHUB_TOKEN is empty");
    } finally {
      errors.mockRestore();
    }
  });
});
