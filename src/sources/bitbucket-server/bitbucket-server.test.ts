import { describe, expect, test } from "vitest";
import type { MapResult } from "../source.js";
import { derive, eventsOf, fixtureJson, mapDelivery } from "../test-kit.fixture.js";
import { fixtures } from "./bitbucket-server.fixture.js";
import { bitbucketServer } from "./index.js";

const DIR = "go-playground-webhooks/bitbucket-server";

function json(name: string): Record<string, unknown> {
  return fixtureJson(fixtures.all, `${DIR}/${name}`);
}

function map(payload: Record<string, unknown>, event = String(payload.eventKey)): MapResult {
  return mapDelivery(bitbucketServer, payload, { "x-event-key": event });
}

const FROM = "32a0b8a740c2963c6f56bd8baf3dc05683d299e0";
const MIDDLE = "5a1f0c3e9b2d4c6a8e0f1b3d5c7e9a1b3d5f7a9c";
const TIP = "cde6c45a4210afe81638aa1f3aa960d633c66a90";

const commit = (id: string, parent: string, ms: number, message: string) => ({
  id,
  displayId: id.slice(0, 11),
  author: { name: "Foo Bar", emailAddress: "gopher@foo.bar" },
  authorTimestamp: ms,
  committer: { name: "Foo Bar", emailAddress: "gopher@foo.bar" },
  committerTimestamp: ms + 60_000,
  message,
  parents: [{ id: parent, displayId: parent.slice(0, 11) }],
});

/** The fixture's refs_changed as Bitbucket 8+ sends an update: commits (newest first) and toCommit. */
const update = () =>
  derive(json("repo-refs-changed.json"), (p) => {
    p.changes = [
      {
        ref: { id: "refs/heads/feature/wip", displayId: "feature/wip", type: "BRANCH" },
        refId: "refs/heads/feature/wip",
        fromHash: FROM,
        toHash: TIP,
        type: "UPDATE",
      },
    ];
    p.commits = [
      commit(TIP, MIDDLE, 1551432900000, "Second\n\nbody"),
      commit(MIDDLE, FROM, 1551432800000, "First"),
    ];
    p.toCommit = commit(TIP, MIDDLE, 1551432900000, "Second\n\nbody");
  });

describe("Bitbucket Data Center: repo:refs_changed", () => {
  test("the fixture deletes a branch: ignored with a reason", () => {
    expect(map(json("repo-refs-changed.json"))).toEqual({
      outcome: "ignored",
      eventType: "repo:refs_changed",
      code: "nothing_to_record",
      reason: "a branch deletion",
    });
  });

  test("Bitbucket 8+ lists the commits with their parents: changes oldest first, parents as stated", () => {
    expect(eventsOf(map(update()))).toEqual([
      {
        type: "change",
        repo: "~gopher/webhook-test",
        sha: MIDDLE,
        parents: [FROM],
        authoredAt: "2019-03-01T09:33:20.000Z",
        committedAt: "2019-03-01T09:34:20.000Z",
        author: "Foo Bar",
        title: "First",
      },
      {
        type: "change",
        repo: "~gopher/webhook-test",
        sha: TIP,
        parents: [MIDDLE],
        authoredAt: "2019-03-01T09:35:00.000Z",
        committedAt: "2019-03-01T09:36:00.000Z",
        author: "Foo Bar",
        title: "Second",
      },
    ]);
  });

  test("older versions list no commits: missing_context; a tag push: nothing_to_record", () => {
    const bare = derive(update(), (p) => {
      delete p.commits;
      delete p.toCommit;
    });
    expect(map(bare)).toMatchObject({ outcome: "ignored", code: "missing_context" });
    const tag = derive(update(), (p) => {
      const [change] = p.changes as { ref: { type: string } }[];
      if (change !== undefined) change.ref.type = "TAG";
    });
    expect(map(tag)).toMatchObject({ outcome: "ignored", reason: "a tag push: tags are not commits" });
  });
});

describe("Bitbucket Data Center: pull requests", () => {
  const opened = {
    type: "pull_request",
    id: "bitbucket-server:~gopher/webhook-test#5",
    repo: "~gopher/webhook-test",
    number: 5,
    title: "Update README",
    author: "gopher",
    createdAt: "2019-03-01T09:31:15.860Z",
    baseBranch: "master",
  };

  test("pr:opened: created (epoch ms), author, target branch", () => {
    expect(eventsOf(map(json("pr-opened.json")))).toEqual([
      { ...opened, updatedAt: "2019-03-01T09:31:15.860Z" },
    ]);
  });

  test("pr:merged: merged at closedDate, with the full merge commit", () => {
    expect(eventsOf(map(json("pr-merged.json")))).toEqual([
      {
        ...opened,
        updatedAt: "2019-03-01T09:37:14.286Z",
        mergedAt: "2019-03-01T09:37:14.286Z",
        mergeSha: "cbf26be7bfc8394906abbd571498fb8d28888b58",
      },
    ]);
  });

  test("an approval by a reviewer is the first review, at the event's date; the author's own is not", () => {
    const approved = (name: string) =>
      derive(json("pr-opened.json"), (p) => {
        p.eventKey = "pr:reviewer:approved";
        p.date = "2019-03-01T10:40:00+0100";
        p.participant = { user: { name, slug: name }, role: "REVIEWER", approved: true, status: "APPROVED" };
      });
    expect(eventsOf(map(approved("tux")))).toMatchObject([
      { id: opened.id, firstReviewAt: "2019-03-01T09:40:00.000Z" },
    ]);
    expect(map(approved("gopher"))).toMatchObject({ outcome: "ignored", code: "nothing_to_record" });
    expect(map(json("pr-opened.json"), "pr:comment:added")).toMatchObject({
      outcome: "ignored",
      code: "action_not_used",
    });
  });
});

describe("Bitbucket Data Center: other deliveries", () => {
  test("Test connection (diagnostics:ping) is a ping; other events are not used", () => {
    expect(map({ test: true }, "diagnostics:ping")).toMatchObject({ outcome: "ignored", code: "ping" });
    expect(map(json("pr-opened.json"), "repo:forked")).toMatchObject({
      outcome: "ignored",
      code: "event_not_used",
    });
  });

  test("without X-Event-Key the body's eventKey names the event; without both: missing_header", () => {
    const result = mapDelivery(bitbucketServer, json("pr-opened.json"));
    expect(result).toMatchObject({ outcome: "events", eventType: "pr:opened" });
    expect(mapDelivery(bitbucketServer, {})).toMatchObject({
      outcome: "rejected",
      error: { code: "missing_header" },
    });
  });
});
