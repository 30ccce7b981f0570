import { describe, expect, test } from "vitest";
import type { MapResult } from "../source.js";
import { derive, eventsOf, fixtureJson, mapDelivery } from "../test-kit.fixture.js";
import { fixtures } from "./gitlab.fixture.js";
import { gitlab } from "./index.js";

function json(name: string): Record<string, unknown> {
  return fixtureJson(fixtures.all, name);
}

function map(payload: unknown, settings: Record<string, unknown> = {}): MapResult {
  return mapDelivery(gitlab, payload, {}, settings);
}

describe("GitLab", () => {
  test("a push GitLab cut (total_commits_count 4, two listed) derives no parents", () => {
    const changes = eventsOf(map(json("go-gitlab-webhooks/push.json")));
    expect(changes).toHaveLength(2);
    expect(changes.every((c) => !("parents" in c))).toBe(true);
    expect(changes[0]).toMatchObject({
      repo: "mike/diaspora",
      sha: "b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327",
      committedAt: "2011-12-12T12:27:31.000Z",
      author: "Jordi Mallach",
      title: "Merge branch 'some-feature' into 'master'",
    });
  });

  test("a complete push chains each commit to the one before it, the first to `before`", () => {
    const complete = derive(json("go-gitlab-webhooks/push.json"), (p) => (p.total_commits_count = 2));
    expect(eventsOf(map(complete))).toMatchObject([
      {
        sha: "b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327",
        parents: ["95790bf891e76fee5e1747ab589903a6a1f80f22"],
      },
      {
        sha: "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
        parents: ["b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327"],
      },
    ]);
  });

  test("GitLab's timestamp formats: `… UTC` and `… +0200`", () => {
    expect(eventsOf(map(json("go-gitlab-webhooks/pipeline.json")))).toMatchObject([
      {
        type: "build",
        id: "gitlab:gitlab-org/gitlab-test/pipelines/31",
        startedAt: "2016-08-12T15:23:28.000Z",
        finishedAt: "2016-08-12T15:26:29.000Z",
        status: "success",
      },
    ]);
    expect(eventsOf(map(json("go-gitlab-webhooks/deployment.json")))).toMatchObject([
      {
        type: "deployment",
        finishedAt: "2021-04-28T19:50:00.000Z",
        environment: "staging",
        version: "1.0.0",
      },
    ]);
  });

  test("a deployment's full sha comes from its commit URL; failed is a failure", () => {
    expect(eventsOf(map(json("zulip-gitlab/deployment_hook__failed.json")))).toMatchObject([
      {
        type: "deployment",
        service: "test",
        repo: "vedant8600317/test",
        environment: "production",
        status: "failure",
        sha: "846d8de0b7b3d694954249d2fd5d87fbe8c84e4c",
      },
    ]);
  });

  test("a job is a build; a job matching the deploy pattern is also a deployment", () => {
    const job = json("go-gitlab-webhooks/job.json");
    expect(eventsOf(map(job)).map((e) => e.type)).toEqual(["build"]);
    expect(eventsOf(map(job, { deployPattern: ["auto_deploy:*"] }))).toMatchObject([
      { type: "build", repo: "jsmithy2/release-tools-fake", pipeline: "auto_deploy:start" },
      { type: "deployment", service: "release-tools-fake", environment: "production", status: "success" },
    ]);
    expect(map(json("go-gitlab-webhooks/build.json"))).toMatchObject({
      outcome: "ignored",
      code: "nothing_to_record",
    });
  });

  test("merge requests: an approval by someone else is the first review; the merge sets mergedAt and mergeSha", () => {
    const opened = json("go-gitlab-webhooks/merge_request.json");
    const [pr] = eventsOf(map(opened));
    expect(pr).toMatchObject({
      type: "pull_request",
      id: "gitlab:gitlabhq/gitlab-test!1",
      number: 1,
      author: "gitlab-user-51",
      createdAt: "2013-12-03T17:23:34.000Z",
      baseBranch: "master",
    });
    expect(pr && "firstReviewAt" in pr).toBe(false);
    const approved = derive(opened, (p) => {
      const mr = p.object_attributes as Record<string, unknown>;
      mr.action = "approved";
      mr.updated_at = "2013-12-04T10:00:00Z";
    });
    expect(eventsOf(map(approved))).toMatchObject([{ firstReviewAt: "2013-12-04T10:00:00.000Z" }]);
    const merged = derive(opened, (p) => {
      const mr = p.object_attributes as Record<string, unknown>;
      mr.action = "merge";
      mr.state = "merged";
      mr.updated_at = "2013-12-05 09:00:00 UTC";
      mr.merge_commit_sha = "da1560886d4f094c3e6c9ef40349f7d38b5d27d7";
    });
    expect(eventsOf(map(merged))).toMatchObject([
      { mergedAt: "2013-12-05T09:00:00.000Z", mergeSha: "da1560886d4f094c3e6c9ef40349f7d38b5d27d7" },
    ]);
  });

  test("an issue of type incident is an incident; closed, it is resolved; other issues are ignored", () => {
    expect(eventsOf(map(json("zulip-gitlab/issue_hook__incident_closed.json")))).toMatchObject([
      {
        type: "incident",
        id: "gitlab:sathwikshetty33-group/mVc#6",
        services: ["mVc"],
        detectedAt: "2026-05-28T06:09:06.964Z",
        resolvedAt: "2026-05-28T06:11:46.057Z",
      },
    ]);
    expect(map(json("go-gitlab-webhooks/issue.json"))).toMatchObject({
      outcome: "ignored",
      code: "not_an_incident",
    });
    const labelled = derive(json("go-gitlab-webhooks/issue.json"), (p) => {
      (p.labels as { title: string }[]).push({ title: "Incident" });
    });
    expect(eventsOf(map(labelled))).toMatchObject([{ type: "incident", severity: "high" }]);
  });

  test("releases are deployments when configured; tag pushes are ignored", () => {
    const release = json("go-gitlab-webhooks/release.json");
    expect(map(release)).toMatchObject({ outcome: "ignored", code: "not_configured" });
    expect(eventsOf(map(release, { releaseDeployments: true }))).toMatchObject([
      { type: "deployment", status: "success", environment: "production" },
    ]);
    expect(map(json("go-gitlab-webhooks/tag_push.json"))).toMatchObject({ outcome: "ignored" });
  });

  test("a payload without object_kind and without X-Gitlab-Event: missing_header", () => {
    expect(map({})).toMatchObject({ outcome: "rejected", error: { code: "missing_header" } });
  });
});
