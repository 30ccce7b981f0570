import { describe, expect, test } from "vitest";
import type { Credential, MapResult } from "../source.js";
import { eventsOf, fixtureJson, mapDelivery } from "../test-kit.fixture.js";
import { fixtures } from "./azure-devops.fixture.js";
import { azureDevops } from "./index.js";

const DIR = "go-playground-webhooks/azuredevops";

function json(name: string): Record<string, unknown> {
  return fixtureJson(fixtures.all, `${DIR}/${name}`);
}

function map(payload: unknown, settings: Record<string, unknown> = {}): MapResult {
  return mapDelivery(azureDevops, payload, {}, settings);
}

type Resource = Record<string, unknown>;
function derive(
  value: Record<string, unknown>,
  change: (resource: Resource, copy: Record<string, unknown>) => void,
) {
  const copy = structuredClone(value);
  change(copy.resource as Resource, copy);
  return copy;
}

const PUSHED = "33b55f7cb7e7e245323987634f960cf4a6e6bc74";
const OLD_TIP = "aad331d8d3b131fa9ae03cf5e53965b51942618a";

describe("Azure DevOps: git.push", () => {
  test("one commit pushed to one branch: its parent is the branch's previous tip", () => {
    expect(eventsOf(map(json("git.push.json")))).toEqual([
      {
        type: "change",
        repo: "Fabrikam-Fiber-Git/Fabrikam-Fiber-Git",
        sha: PUSHED,
        parents: [OLD_TIP],
        authoredAt: "2015-02-25T19:01:00.000Z",
        committedAt: "2015-02-25T19:01:00.000Z",
        author: "Jamal Hartnett",
        title: "Fixed bug in web.config file",
      },
    ]);
  });

  test("several commits: Azure DevOps does not guarantee their order, so no parent is derived", () => {
    const two = derive(json("git.push.json"), (r) => {
      const [first] = r.commits as Record<string, unknown>[];
      (r.commits as unknown[]).push({ ...first, commitId: OLD_TIP.replace("a", "b"), comment: "Another" });
    });
    const changes = eventsOf(map(two));
    expect(changes).toHaveLength(2);
    expect(changes.every((c) => !("parents" in c))).toBe(true);
  });

  test("a project name with spaces: written %20, as Azure DevOps' URLs do", () => {
    const spaced = derive(json("git.push.json"), (r) => {
      (r.repository as { project: { name: string } }).project.name = "My Special Shop";
    });
    expect(eventsOf(map(spaced))).toMatchObject([{ repo: "My%20Special%20Shop/Fabrikam-Fiber-Git" }]);
  });

  test("tag pushes and branch deletions are ignored", () => {
    const tag = derive(json("git.push.json"), (r) => {
      r.refUpdates = [{ name: "refs/tags/v1.0.0", oldObjectId: "0".repeat(40), newObjectId: PUSHED }];
    });
    expect(map(tag)).toMatchObject({ outcome: "ignored", reason: "a tag push: tags are not commits" });
    const deleted = derive(json("git.push.json"), (r) => {
      r.refUpdates = [{ name: "refs/heads/main", oldObjectId: OLD_TIP, newObjectId: "0".repeat(40) }];
    });
    expect(map(deleted)).toMatchObject({ outcome: "ignored", reason: "a branch deletion" });
  });
});

describe("Azure DevOps: pull requests", () => {
  const merged = {
    type: "pull_request",
    id: "azure-devops:Fabrikam/Fabrikam#1",
    repo: "Fabrikam/Fabrikam",
    number: 1,
    title: "my first pull request",
    author: "Jamal Hartnett",
    createdAt: "2014-06-17T16:55:46.589Z",
    baseBranch: "master",
  };

  test("completed: merged at closedDate, merge sha = the last merge commit", () => {
    expect(eventsOf(map(json("git.pullrequest.merged.json")))).toEqual([
      {
        ...merged,
        mergedAt: "2014-06-30T18:59:12.366Z",
        mergeSha: "eef717f69257a6333f221566c1c987dc94cc0d72",
      },
    ]);
  });

  test("active and abandoned pull requests are not merged (their merge commit is a test merge)", () => {
    for (const status of ["active", "abandoned"]) {
      const pr = derive(json("git.pullrequest.merged.json"), (r, copy) => {
        r.status = status;
        copy.eventType = "git.pullrequest.updated";
      });
      expect(eventsOf(map(pr)), status).toEqual([merged]);
    }
  });

  test("a closedDate placeholder (0001-01-01T00:00:00, no zone) reads as absent: the event's time is the merge", () => {
    const placeholder = derive(json("git.pullrequest.merged.json"), (r) => {
      r.closedDate = "0001-01-01T00:00:00";
    });
    expect(eventsOf(map(placeholder))).toMatchObject([{ mergedAt: "2016-09-19T13:03:27.315Z" }]);
  });
});

describe("Azure DevOps: build.complete", () => {
  test("the resource version 1.0 sample names no repository: missing_context", () => {
    expect(map(json("build.complete.json"))).toEqual({
      outcome: "ignored",
      eventType: "build.complete",
      code: "missing_context",
      reason:
        "the build names no repository (resource version 1.0 payloads do not): subscribe with resource version 2.0 or later",
    });
  });

  /** The sample with the fields resource version 2.0 adds (repository, project, sourceVersion, result). */
  const v2 = (
    result: string,
    repository: Record<string, unknown> = { name: "Fabrikam-Fiber-Git", type: "TfsGit" },
  ) =>
    derive(json("build.complete.json"), (r) => {
      r.status = "completed";
      r.result = result;
      r.repository = repository;
      r.project = { name: "Fabrikam Fiber" };
      r.sourceVersion = "600c52d2d5b655caa111abfd863e5a9bd304bb0e";
    });

  const build = {
    type: "build",
    id: "azure-devops:Fabrikam%20Fiber/Fabrikam-Fiber-Git/builds/2",
    repo: "Fabrikam%20Fiber/Fabrikam-Fiber-Git",
    sha: "600c52d2d5b655caa111abfd863e5a9bd304bb0e",
    pipeline: "ConsumerAddressModule",
    startedAt: "2015-04-07T18:04:06.830Z",
    finishedAt: "2015-04-07T18:06:10.690Z",
  };

  test("resource version 2.0: a build of the project's repository, at the commit built", () => {
    expect(eventsOf(map(v2("succeeded")))).toEqual([{ ...build, status: "success" }]);
    expect(eventsOf(map(v2("partiallySucceeded")))).toMatchObject([{ status: "success" }]);
    expect(eventsOf(map(v2("failed")))).toMatchObject([{ status: "failure" }]);
    expect(eventsOf(map(v2("canceled")))).toMatchObject([{ status: "cancelled" }]);
    expect(map(v2("none"))).toMatchObject({ outcome: "ignored", code: "nothing_to_record" });
  });

  test("a pipeline building a GitHub repository names it owner/repo; deployPattern makes it a deployment", () => {
    const github = v2("succeeded", { id: "acme/shop", name: "acme/shop", type: "GitHub" });
    expect(eventsOf(map(github, { deployPattern: "consumer*", deployEnvironment: "prod" }))).toEqual([
      { ...build, id: "azure-devops:acme/shop/builds/2", repo: "acme/shop", status: "success" },
      {
        type: "deployment",
        id: "azure-devops:acme/shop/builds/2",
        service: "shop",
        environment: "prod",
        startedAt: build.startedAt,
        finishedAt: build.finishedAt,
        status: "success",
        sha: build.sha,
        repo: "acme/shop",
      },
    ]);
  });

  test("a build of a TFVC changeset names no git commit: missing_context", () => {
    const tfvc = derive(v2("succeeded"), (r) => (r.sourceVersion = "C1234"));
    expect(map(tfvc)).toMatchObject({ outcome: "ignored", code: "missing_context" });
  });
});

describe("Azure DevOps: delivery", () => {
  const secret = "azure-devops-password-for-the-test";
  const credential: Credential = { secrets: [], matchesToken: (given) => given === secret };
  const verify = (authorization?: string) =>
    azureDevops.verify(
      { headers: authorization === undefined ? {} : { authorization }, rawBody: Buffer.from("{}") },
      credential,
    );
  const basic = (user: string, password: string) =>
    `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

  test("basic authentication: the password is the secret, any user name; Bearer is accepted too", () => {
    expect(verify(basic("stride", secret))).toEqual({ ok: true });
    expect(verify(basic("", secret))).toEqual({ ok: true });
    expect(verify(`Bearer ${secret}`)).toEqual({ ok: true });
    expect(verify(basic("stride", "wrong"))).toMatchObject({ ok: false, code: "invalid_signature" });
    expect(verify(`Basic ${Buffer.from(secret).toString("base64")}`)).toMatchObject({
      ok: false,
      code: "invalid_signature",
    });
    expect(verify("Digest abc")).toMatchObject({ ok: false, code: "invalid_signature" });
    expect(verify()).toMatchObject({ ok: false, code: "missing_signature" });
  });

  test("the delivery id is the event's id (the same on every retry), unless an Idempotency-Key is sent", () => {
    const body = json("git.push.json");
    const request = (headers: Record<string, string>) => ({ headers, rawBody: Buffer.from("{}") });
    expect(azureDevops.deliveryId(request({}), body)).toBe("event:03c164c2-8912-4d5e-8009-3707d5f83734");
    expect(azureDevops.deliveryId(request({ "idempotency-key": "k-1" }), body)).toBe("k-1");
  });

  test("other event types are not used; a body without eventType is invalid_payload", () => {
    expect(map({ eventType: "workitem.updated", resource: {} })).toMatchObject({
      outcome: "ignored",
      code: "event_not_used",
    });
    expect(map({ resource: {} })).toMatchObject({
      outcome: "rejected",
      error: { code: "invalid_payload", field: "eventType" },
    });
  });
});
