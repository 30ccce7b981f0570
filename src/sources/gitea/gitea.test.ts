import { describe, expect, test } from "vitest";
import type { MapResult } from "../source.js";
import { derive, eventsOf, fixtureJson, hmacCredential, mapDelivery } from "../test-kit.fixture.js";
import { hmacSha256 } from "../verify.js";
import { fixtures } from "./gitea.fixture.js";
import { gitea } from "./index.js";

const DIR = "go-playground-webhooks/gitea";

function json(name: string): Record<string, unknown> {
  return fixtureJson(fixtures.all, `${DIR}/${name}`);
}

function map(event: string, payload: unknown, settings: Record<string, unknown> = {}): MapResult {
  return mapDelivery(gitea, payload, { "x-gitea-event": event }, settings);
}

const FIRST = "67b56589a45103f891bdee7c0546e5d40bc02001";
const SECOND = "48e773f892a831faa47c0a160d1b7f0cd369ae2a";
const THIRD = "9a1c3e5f7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a";
const BEFORE = "1111111111111111111111111111111111111111";

/** The fixture's push of three commits on an existing branch, listed newest first as Gitea does. */
function pushOfThree(total?: number): Record<string, unknown> {
  return derive(json("push-event.json"), (p) => {
    const [commit] = p.commits as Record<string, unknown>[];
    p.before = BEFORE;
    p.after = THIRD;
    p.commits = [
      { ...commit, id: THIRD, message: "Third\n" },
      { ...commit, id: SECOND, message: "Second\n" },
      commit,
    ];
    if (total !== undefined) p.total_commits = total;
  });
}

describe("Gitea: push", () => {
  test("a new branch's only commit: a change without a derived parent, time in UTC, files", () => {
    expect(eventsOf(map("push", json("push-event.json")))).toEqual([
      {
        type: "change",
        repo: "example/example",
        sha: FIRST,
        authoredAt: "2022-03-09T07:23:39.000Z",
        committedAt: "2022-03-09T07:23:39.000Z",
        author: "example",
        title: "example",
        files: ["example"],
      },
    ]);
  });

  test("newest first → stored oldest first; total_commits equal to the list: the first's parent is `before`", () => {
    expect(eventsOf(map("push", pushOfThree(3)))).toMatchObject([
      { sha: FIRST, parents: [BEFORE] },
      { sha: SECOND, parents: [FIRST], title: "Second" },
      { sha: THIRD, parents: [SECOND], title: "Third" },
    ]);
  });

  test("a list Gitea cut (total_commits larger) or may have cut (no total_commits): the oldest gets no parent", () => {
    for (const total of [10, undefined]) {
      const [oldest, ...rest] = eventsOf(map("push", pushOfThree(total)));
      expect(oldest && "parents" in oldest, String(total)).toBe(false);
      expect(rest).toMatchObject([{ parents: [FIRST] }, { parents: [SECOND] }]);
    }
  });

  test("tag pushes and branch deletions are ignored", () => {
    const tag = derive(json("push-event.json"), (p) => (p.ref = "refs/tags/v1.0.0"));
    expect(map("push", tag)).toMatchObject({ outcome: "ignored", code: "nothing_to_record" });
    const deleted = derive(json("push-event.json"), (p) => {
      p.after = "0".repeat(40);
      p.commits = [];
    });
    expect(map("push", deleted)).toMatchObject({ outcome: "ignored", reason: "a branch deletion" });
  });
});

describe("Gitea: pull requests", () => {
  const opened = {
    type: "pull_request",
    id: "gitea:example/example#2",
    repo: "example/example",
    number: 2,
    title: "update",
    author: "example2",
    createdAt: "2022-03-09T07:31:06.000Z",
    updatedAt: "2022-03-09T07:31:06.000Z",
    baseBranch: "master",
  };

  test("opened: number, title, author, created time, base branch", () => {
    expect(eventsOf(map("pull_request", json("pull-request-event.json")))).toEqual([opened]);
  });

  test("closed and merged: merge time and merge sha", () => {
    const merged = derive(json("pull-request-event.json"), (p) => {
      p.action = "closed";
      Object.assign(p.pull_request as object, {
        state: "closed",
        merged: true,
        merged_at: "2022-03-09T17:00:00+09:00",
        merge_commit_sha: SECOND,
        updated_at: "2022-03-09T17:00:00+09:00",
      });
    });
    expect(eventsOf(map("pull_request", merged))).toEqual([
      {
        ...opened,
        updatedAt: "2022-03-09T08:00:00.000Z",
        mergedAt: "2022-03-09T08:00:00.000Z",
        mergeSha: SECOND,
      },
    ]);
  });

  test("review deliveries carry no review time: ignored with missing_context", () => {
    expect(map("pull_request_approved", json("pull-request-event.json"))).toMatchObject({
      outcome: "ignored",
      code: "missing_context",
    });
  });
});

describe("Gitea: releases", () => {
  test("not deployments unless releaseDeployments; then a successful deployment of the tag", () => {
    const release = json("release-event.json");
    expect(map("release", release)).toMatchObject({ outcome: "ignored", code: "not_configured" });
    expect(eventsOf(map("release", release, { releaseDeployments: true }))).toEqual([
      {
        type: "deployment",
        id: "gitea:example/example/releases/1",
        service: "example",
        environment: "production",
        finishedAt: "2022-03-09T07:25:04.000Z",
        status: "success",
        version: "example",
        repo: "example/example",
      },
    ]);
    const updated = derive(release, (p) => (p.action = "updated"));
    expect(map("release", updated, { releaseDeployments: true })).toMatchObject({ code: "action_not_used" });
    const pre = derive(release, (p) => ((p.release as { prerelease: boolean }).prerelease = true));
    expect(map("release", pre, { releaseDeployments: true })).toMatchObject({ code: "nothing_to_record" });
  });
});

describe("Gitea: delivery", () => {
  test("X-Gitea-Signature is the bare hex HMAC-SHA256 of the body; a sha256= prefix is not Gitea's", () => {
    const secret = "gitea-secret-for-the-test";
    const credential = hmacCredential(secret);
    const body = Buffer.from('{"a":1}');
    const hex = hmacSha256(Buffer.from(secret), body).toString("hex");
    const verify = (value: string) =>
      gitea.verify({ headers: { "x-gitea-signature": value }, rawBody: body }, credential);
    expect(verify(hex)).toEqual({ ok: true });
    expect(verify(hex.toUpperCase())).toEqual({ ok: true });
    expect(verify(`sha256=${hex}`)).toMatchObject({ ok: false, code: "invalid_signature" });
    expect(verify(hmacSha256(Buffer.from("other"), body).toString("hex"))).toMatchObject({
      ok: false,
      code: "invalid_signature",
    });
  });

  test("other events are not used; no X-Gitea-Event is missing_header", () => {
    expect(map("issues", {})).toMatchObject({ outcome: "ignored", code: "event_not_used" });
    expect(mapDelivery(gitea, {})).toMatchObject({
      outcome: "rejected",
      error: { code: "missing_header" },
    });
  });
});
