import { describe, expect, test } from "vitest";
import type { MapResult } from "../source.js";
import { derive, eventsOf, fixtureJson, hmacCredential, mapDelivery } from "../test-kit.fixture.js";
import { hmacSha256 } from "../verify.js";
import { fixtures } from "./bitbucket.fixture.js";
import { bitbucket } from "./index.js";

const DIR = "go-playground-webhooks/bitbucket";

function json(name: string): Record<string, unknown> {
  return fixtureJson(fixtures.all, `${DIR}/${name}`);
}

function map(event: string, payload: unknown, settings: Record<string, unknown> = {}): MapResult {
  return mapDelivery(bitbucket, payload, { "x-event-key": event }, settings);
}

type Change = Record<string, unknown> & { new: Record<string, unknown>; commits: Record<string, unknown>[] };
const changeOf = (p: Record<string, unknown>) => (p.push as { changes: Change[] }).changes[0] as Change;

const TIP = "709d658dc5b6d6afcd46049c2f332ee3f515a67d";
const OLD_TIP = "1e65c05c1d5171631d92438a13901ca7dae9618c";
const MIDDLE = "03f4a7270240708834de475bcf21532d6134777e";

/** The fixture's push as Bitbucket delivers it today: the tip heads `commits`, each listed commit has its date. */
function pushOfTwo(stateParents: boolean): Record<string, unknown> {
  return derive(json("repo-push.json"), (p) => {
    const change = changeOf(p);
    const tip = structuredClone(change.new.target) as Record<string, unknown>;
    const middle: Record<string, unknown> = { ...change.commits[0], date: "2015-06-09T01:00:00+00:00" };
    delete tip.parents;
    if (stateParents) middle.parents = [{ hash: OLD_TIP }];
    change.commits = [tip, middle];
  });
}

describe("Bitbucket Cloud: repo:push", () => {
  test("the documented push: the tip, with the parents the payload states; a commit without a date is skipped", () => {
    expect(eventsOf(map("repo:push", json("repo-push.json")))).toEqual([
      {
        type: "change",
        repo: "team_name/repo_name",
        sha: TIP,
        parents: [OLD_TIP],
        authoredAt: "2015-06-09T03:34:49.000Z",
        committedAt: "2015-06-09T03:34:49.000Z",
        author: "emmap1",
        title: "new commit message",
      },
    ]);
  });

  test("commits are listed newest first: stored oldest first, stated parents win, the rest derived from the order", () => {
    // The tip states no parents here: it is derived (the commit before it); the middle one states its own.
    expect(eventsOf(map("repo:push", pushOfTwo(true)))).toMatchObject([
      { sha: MIDDLE, parents: [OLD_TIP], authoredAt: "2015-06-09T01:00:00.000Z", title: "commit message" },
      { sha: TIP, parents: [MIDDLE] },
    ]);
  });

  test("without stated parents: the oldest commit's parent is the old tip, unless forced or cut", () => {
    const plain = pushOfTwo(false);
    expect(eventsOf(map("repo:push", plain))).toMatchObject([
      { sha: MIDDLE, parents: [OLD_TIP] },
      { sha: TIP, parents: [MIDDLE] },
    ]);
    for (const flag of ["forced", "truncated"]) {
      const [oldest, tip] = eventsOf(
        map(
          "repo:push",
          derive(plain, (p) => (changeOf(p)[flag] = true)),
        ),
      );
      expect(oldest && "parents" in oldest, flag).toBe(false);
      expect(tip).toMatchObject({ sha: TIP, parents: [MIDDLE] });
    }
  });

  test("a commit author known only by git's raw name: the name, never the e-mail address", () => {
    const raw = derive(json("repo-push.json"), (p) => {
      (changeOf(p).new.target as Record<string, unknown>).author = { raw: "Ana Lima <ana@example.com>" };
    });
    expect(eventsOf(map("repo:push", raw))).toMatchObject([{ author: "Ana Lima" }]);
  });

  test("tag pushes and branch deletions are ignored with a reason", () => {
    const tag = derive(json("repo-push.json"), (p) => (changeOf(p).new.type = "tag"));
    expect(map("repo:push", tag)).toMatchObject({
      outcome: "ignored",
      code: "nothing_to_record",
      reason: "a tag push: tags are not commits",
    });
    const deleted = derive(json("repo-push.json"), (p) => {
      const change = changeOf(p) as Record<string, unknown>;
      change.new = null;
      change.closed = true;
    });
    expect(map("repo:push", deleted)).toMatchObject({ outcome: "ignored", reason: "a branch deletion" });
  });
});

describe("Bitbucket Cloud: pull requests", () => {
  const created = {
    type: "pull_request",
    id: "bitbucket:team_name/repo_name#1",
    repo: "team_name/repo_name",
    number: 1,
    title: "Title of pull request",
    author: "emmap1",
    createdAt: "2015-04-06T15:23:38.179Z",
    updatedAt: "2015-04-06T15:23:38.205Z",
    baseBranch: "master",
  };

  test("created: number, title, author, created and updated times, target branch", () => {
    expect(eventsOf(map("pullrequest:created", json("pull-request-created.json")))).toEqual([created]);
  });

  test("fulfilled is the merge, at the last update; the abbreviated merge hash is not a mergeSha", () => {
    const merged = json("pull-request-merged.json");
    expect(eventsOf(map("pullrequest:fulfilled", merged))).toEqual([
      {
        ...created,
        mergedAt: "2015-04-06T15:23:38.205Z",
      },
    ]);
    const full = derive(merged, (p) => {
      (p.pullrequest as { merge_commit: { hash: string } }).merge_commit.hash = TIP;
    });
    expect(eventsOf(map("pullrequest:fulfilled", full))).toMatchObject([{ mergeSha: TIP }]);
    // The same payload on a created event is not a merge.
    expect(eventsOf(map("pullrequest:created", full))[0]).not.toHaveProperty("mergedAt");
  });

  test("an approval by someone else is the first review; by the author it is not", () => {
    const approval = (nickname: string) =>
      derive(json("pull-request-created.json"), (p) => {
        p.approval = { date: "2015-04-07T09:00:00+00:00", user: { nickname } };
      });
    expect(eventsOf(map("pullrequest:approved", approval("tux")))).toMatchObject([
      { id: "bitbucket:team_name/repo_name#1", firstReviewAt: "2015-04-07T09:00:00.000Z" },
    ]);
    expect(map("pullrequest:approved", approval("emmap1"))).toMatchObject({
      outcome: "ignored",
      code: "nothing_to_record",
    });
    expect(map("pullrequest:comment_created", json("pull-request-created.json"))).toMatchObject({
      outcome: "ignored",
      code: "action_not_used",
    });
  });
});

describe("Bitbucket Cloud: commit statuses", () => {
  const build = {
    type: "build",
    id: "bitbucket:team_name/repo_name/commit/9fec847784abb10b2fa567ee63b85bd238955d0e/statuses/mybuildtool",
    repo: "team_name/repo_name",
    sha: "9fec847784abb10b2fa567ee63b85bd238955d0e",
    pipeline: "Unit Tests (Python)",
    startedAt: "2015-11-19T20:37:35.547Z",
  };

  test("created (INPROGRESS) and updated (SUCCESSFUL) are one build, keyed by commit and key", () => {
    expect(eventsOf(map("repo:commit_status_created", json("repo-commit-status-created.json")))).toEqual([
      { ...build, status: "in_progress" },
    ]);
    expect(eventsOf(map("repo:commit_status_updated", json("repo-commit-status-updated.json")))).toEqual([
      { ...build, finishedAt: "2015-11-20T08:01:16.433Z", status: "success" },
    ]);
  });

  test("a status whose name matches deployPattern is also a deployment; FAILED and STOPPED", () => {
    const updated = json("repo-commit-status-updated.json");
    expect(eventsOf(map("repo:commit_status_updated", updated, { deployPattern: "unit*" }))).toEqual([
      { ...build, finishedAt: "2015-11-20T08:01:16.433Z", status: "success" },
      {
        type: "deployment",
        id: build.id,
        service: "repo_name",
        environment: "production",
        startedAt: "2015-11-19T20:37:35.547Z",
        finishedAt: "2015-11-20T08:01:16.433Z",
        status: "success",
        sha: build.sha,
        repo: "team_name/repo_name",
      },
    ]);
    const state = (s: string) => derive(updated, (p) => ((p.commit_status as { state: string }).state = s));
    expect(eventsOf(map("repo:commit_status_updated", state("FAILED")))).toMatchObject([
      { status: "failure" },
    ]);
    expect(eventsOf(map("repo:commit_status_updated", state("STOPPED")))).toMatchObject([
      { status: "cancelled" },
    ]);
    expect(map("repo:commit_status_updated", state("PAUSED"))).toMatchObject({
      outcome: "ignored",
      code: "nothing_to_record",
    });
  });
});

describe("Bitbucket Cloud: other deliveries", () => {
  test("issue:created is an event Stride does not read; no X-Event-Key is missing_header", () => {
    expect(map("issue:created", json("issue-created.json"))).toMatchObject({
      outcome: "ignored",
      code: "event_not_used",
    });
    expect(mapDelivery(bitbucket, {})).toMatchObject({
      outcome: "rejected",
      error: { code: "missing_header" },
    });
  });

  test("X-Hub-Signature: sha256=<hex HMAC-SHA256>; a bare hex digest or another algorithm is refused", () => {
    const secret = "s3cret-for-the-bitbucket-test";
    const credential = hmacCredential(secret);
    const body = Buffer.from('{"a":1}');
    const hex = hmacSha256(Buffer.from(secret), body).toString("hex");
    const verify = (value: string) =>
      bitbucket.verify({ headers: { "x-hub-signature": value }, rawBody: body }, credential);
    expect(verify(`sha256=${hex}`)).toEqual({ ok: true });
    expect(verify(hex)).toMatchObject({ ok: false, code: "invalid_signature" });
    expect(verify(`sha1=${hex}`)).toMatchObject({ ok: false, code: "invalid_signature" });
    expect(bitbucket.verify({ headers: {}, rawBody: body }, credential)).toMatchObject({
      ok: false,
      code: "missing_signature",
    });
  });

  test("settings: deployPattern and deployEnvironment, nothing a Bitbucket connection cannot use", () => {
    expect(bitbucket.checkSettings({ deployPattern: "deploy*" })).toMatchObject({ ok: true });
    expect(bitbucket.checkSettings({ releaseDeployments: true })).toMatchObject({
      ok: false,
      error: { code: "invalid_setting" },
    });
  });
});
