import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { validateEvent } from "../../domain/events/validate-event.js";
import { freshSqliteUrl } from "../../testing/test-databases.js";
import type { TestServer } from "../../testing/test-server.js";
import { byName } from "../contract.fixture.js";
import { ignoreCodes, type MapResult } from "../source.js";
import { derive, eventsOf, mapDelivery } from "../test-kit.fixture.js";
import { startWebhookServer } from "../webhook-server.fixture.js";
import { fixtures } from "./github.fixture.js";
import { github } from "./index.js";

/** Every example payload of @octokit/webhooks-examples (MIT), by event name. */
const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as {
  name: string;
  examples: Record<string, unknown>[];
}[];
const READ = [
  "push",
  "pull_request",
  "pull_request_review",
  "deployment",
  "deployment_status",
  "workflow_run",
  "check_run",
  "release",
  "issues",
  "ping",
];

function map(event: string, payload: unknown, settings: Record<string, unknown> = {}): MapResult {
  return mapDelivery(github, payload, { "x-github-event": event }, settings);
}

/** A fixture's payload (a form-encoded delivery carries it in `payload`). */
function json(name: string): Record<string, unknown> {
  const fixture = byName(fixtures.all, name);
  const text =
    fixture.headers["content-type"] === "application/x-www-form-urlencoded"
      ? (new URLSearchParams(fixture.body.toString()).get("payload") ?? "")
      : fixture.body.toString();
  return JSON.parse(text) as Record<string, unknown>;
}

/** A deep copy of a payload with changes, so derived deliveries never touch the fixture. */
describe("@octokit/webhooks-examples: every example of the event types Stride reads", () => {
  const settingsVariants = [{}, { releaseDeployments: true, deployPattern: "*" }];
  for (const name of READ) {
    const definition = examples.find((d) => d.name === name);
    test(`${name}: ${definition?.examples.length ?? 0} examples each map or are ignored with a reason`, () => {
      expect(definition?.examples.length ?? 0).toBeGreaterThan(0);
      for (const [i, example] of (definition?.examples ?? []).entries()) {
        for (const settings of settingsVariants) {
          const result = map(name, example, settings);
          const where = `${name} example ${i} ${JSON.stringify(settings)}: ${JSON.stringify(result).slice(0, 400)}`;
          expect(result.outcome, where).not.toBe("rejected");
          if (result.outcome === "ignored") {
            expect(Object.keys(ignoreCodes), where).toContain(result.code);
            expect(result.reason.length, where).toBeGreaterThan(10);
          } else if (result.outcome === "events") {
            for (const event of result.events) expect(validateEvent(event).ok, where).toBe(true);
          }
        }
      }
    });
  }

  test("what the examples map to", () => {
    const outcome = (name: string) =>
      (examples.find((d) => d.name === name)?.examples ?? []).map((e) => {
        const r = map(name, e, { releaseDeployments: true });
        return r.outcome === "events" ? r.events.map((x) => x.type).join("+") : r.outcome;
      });
    expect(new Set(outcome("pull_request"))).toEqual(new Set(["pull_request"]));
    expect(new Set(outcome("deployment"))).toEqual(new Set(["deployment"]));
    expect(outcome("push")).toContain("change");
    expect(outcome("workflow_run")).toContain("build");
    expect(outcome("check_run")).toContain("build");
    expect(outcome("release")).toContain("deployment");
    // The examples' reviews are all by the pull request's own author: not a first review.
    expect(new Set(outcome("pull_request_review"))).toEqual(new Set(["ignored"]));
  });
});

describe("push", () => {
  test("commits become changes whose parents are derived from the order and `before`", () => {
    const payload = json("cdevents-github-translator/branch-updated.json");
    const before = String(payload.before);
    const second = "0123456789abcdef0123456789abcdef01234567";
    const pushed = derive(payload, (p) => {
      const commits = p.commits as Record<string, unknown>[];
      const first = commits[0] as Record<string, unknown>;
      commits.push({ ...first, id: second, message: "Second commit\n\nbody" });
      p.after = second;
    });
    const changes = eventsOf(map("push", pushed));
    const firstId = String(((payload.commits as { id: string }[])[0] as { id: string }).id);
    expect(changes).toMatchObject([
      { type: "change", repo: "bob/nodejs-webhook-server-example", sha: firstId, parents: [before] },
      { type: "change", sha: second, parents: [firstId], title: "Second commit" },
    ]);
  });

  test("a new branch's first commit has no derived parent (omitted, not [])", () => {
    const [change] = eventsOf(map("push", json("octokit-webhooks/push/with-new-branch.payload.json")));
    expect(change).toBeDefined();
    expect(change && "parents" in change).toBe(false);
  });

  test("a force push links no commit to `before`; a list not ending at `after` derives nothing", () => {
    const payload = json("cdevents-github-translator/branch-updated.json");
    const [forced] = eventsOf(
      map(
        "push",
        derive(payload, (p) => (p.forced = true)),
      ),
    );
    expect(forced && "parents" in forced).toBe(false);
    const cut = eventsOf(
      map(
        "push",
        derive(payload, (p) => (p.after = "f".repeat(40))),
      ),
    );
    expect(cut.every((c) => !("parents" in c))).toBe(true);
  });

  test("repository.created_at is a Unix integer in push payloads (the trap): the push maps", () => {
    const payload = json("octokit-webhooks/push/with-new-branch.payload.json");
    expect(typeof (payload.repository as { created_at: unknown }).created_at).toBe("number");
    expect(eventsOf(map("push", payload))).toHaveLength(1);
  });

  test("tag pushes and branch deletions are ignored with a reason", () => {
    expect(map("push", json("octokit-webhooks/push/payload.json"))).toMatchObject({
      outcome: "ignored",
      code: "nothing_to_record",
    });
  });

  test("a commit's files are the union of added, modified and removed", () => {
    const [change] = eventsOf(map("push", json("octokit-webhooks/push/with-new-branch.payload.json")));
    expect(change).toMatchObject({ files: ["README.md"] });
  });
});

describe("pull requests and reviews", () => {
  const opened = json("octokit-webhooks/pull_request/opened.payload.json");
  const review = examples.find((d) => d.name === "pull_request_review")?.examples[0] as Record<
    string,
    unknown
  >;

  test("an open pull request: no merge sha (GitHub's test merge is not a commit of the base)", () => {
    const [pr] = eventsOf(map("pull_request", opened));
    expect(pr).toMatchObject({
      type: "pull_request",
      number: 2,
      repo: "Codertocat/Hello-World",
      baseBranch: "master",
    });
    expect(pr && "mergeSha" in pr).toBe(false);
  });

  test("a review by the author is ignored; by someone else it is the first review", () => {
    expect(map("pull_request_review", review)).toMatchObject({
      outcome: "ignored",
      code: "nothing_to_record",
    });
    const byOther = derive(review, (r) => {
      (r.review as { user: { login: string } }).user.login = "reviewer";
    });
    expect(eventsOf(map("pull_request_review", byOther))).toMatchObject([
      { type: "pull_request", number: 2, firstReviewAt: "2019-05-15T15:20:38.000Z" },
    ]);
  });
});

describe("runs, deployments, incidents and releases", () => {
  test("workflow_run is a build; with a matching deploy pattern also a deployment of the repository's service", () => {
    const run = json("octokit-webhooks/workflow_run/completed.payload.json");
    expect(eventsOf(map("workflow_run", run)).map((e) => e.type)).toEqual(["build"]);
    const both = eventsOf(map("workflow_run", run, { deployPattern: "te*", deployEnvironment: "prod" }));
    expect(both).toMatchObject([
      { type: "build", pipeline: "test", status: "success", repo: "octo-org/octo-repo" },
      { type: "deployment", service: "octo-repo", environment: "prod", status: "success" },
    ]);
  });

  test("deployment_status success finishes the deployment; inactive is ignored", () => {
    const [d] = eventsOf(map("deployment_status", json("octokit-webhooks/deployment_status/payload.json")));
    expect(d).toMatchObject({
      type: "deployment",
      id: "github:Codertocat/Hello-World/deployments/145988746",
      service: "Hello-World",
      environment: "production",
      status: "success",
      startedAt: "2019-05-15T15:20:53.000Z",
      finishedAt: "2019-05-15T15:20:55.000Z",
    });
    const inactive = derive(json("octokit-webhooks/deployment_status/payload.json"), (p) => {
      (p.deployment_status as { state: string }).state = "inactive";
    });
    expect(map("deployment_status", inactive)).toMatchObject({ outcome: "ignored", code: "action_not_used" });
  });

  test("serviceMap names the service of a repository", () => {
    const [d] = eventsOf(
      map("deployment", json("octokit-webhooks/deployment/payload.json"), {
        serviceMap: { "Codertocat/Hello-World": "greeter" },
      }),
    );
    expect(d).toMatchObject({ service: "greeter", status: "in_progress" });
  });

  test("an issue labelled incident (the label is a setting) is an incident; closing it resolves it", () => {
    const labeled = json("octokit-webhooks/issues/labeled.payload.json");
    expect(map("issues", labeled)).toMatchObject({ outcome: "ignored", code: "not_an_incident" });
    const [incident] = eventsOf(map("issues", labeled, { incidentLabel: "BUG" }));
    expect(incident).toMatchObject({
      type: "incident",
      services: ["Hello-World"],
      detectedAt: "2019-05-15T15:20:18.000Z",
    });
    const closed = derive(labeled, (p) => {
      const issue = p.issue as Record<string, unknown>;
      issue.state = "closed";
      issue.closed_at = "2019-05-15T16:00:00Z";
    });
    expect(eventsOf(map("issues", closed, { incidentLabel: "bug" }))).toMatchObject([
      { resolvedAt: "2019-05-15T16:00:00.000Z" },
    ]);
  });

  test("a published release is a deployment only when configured", () => {
    const release = json("octokit-webhooks/release/published.payload.json");
    expect(map("release", release)).toMatchObject({ outcome: "ignored", code: "not_configured" });
    expect(eventsOf(map("release", release, { releaseDeployments: true }))).toMatchObject([
      { type: "deployment", version: "0.0.1", status: "success", environment: "production" },
    ]);
  });

  test("no X-GitHub-Event header: missing_header", () => {
    const result = mapDelivery(github, {});
    expect(result).toMatchObject({
      outcome: "rejected",
      error: { code: "missing_header", field: "X-GitHub-Event" },
    });
  });
});

describe("over HTTP", () => {
  let server: TestServer;
  const url = () => `${server.url}/webhooks/github/acme`;
  beforeAll(async () => {
    server = await startWebhookServer(freshSqliteUrl(), [
      { source: "github", name: "acme", secret: fixtures.secret },
    ]);
  });
  afterAll(() => server.close());

  async function send(event: string, body: Buffer, contentType = "application/json", id = randomUUID()) {
    const res = await fetch(url(), {
      method: "POST",
      headers: {
        "content-type": contentType,
        "x-github-event": event,
        ...fixtures.sign(body, fixtures.secret, id),
      },
      body,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  test("a form-encoded delivery (payload=…) is verified over the bytes sent and accepted", async () => {
    const captured = byName(fixtures.all, "cdevents-github-translator/branch-updated.json");
    const res = await send("push", captured.body, "application/x-www-form-urlencoded");
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toMatchObject({ status: "accepted", eventType: "push" });
  });

  test("a pull request's life: opened, reviewed twice, merged; the first review stays the first", async () => {
    const opened = json("octokit-webhooks/pull_request/opened.payload.json");
    const review = examples.find((d) => d.name === "pull_request_review")?.examples[0] as Record<
      string,
      unknown
    >;
    const reviewAt = (at: string) =>
      derive(review, (r) => {
        const rv = r.review as { user: { login: string }; submitted_at: string };
        rv.user.login = "reviewer";
        rv.submitted_at = at;
      });
    const merged = derive(json("octokit-webhooks/pull_request/closed.payload.json"), (p) => {
      const pr = p.pull_request as Record<string, unknown>;
      pr.merged_at = "2019-05-16T09:00:00Z";
      pr.merged = true;
      pr.updated_at = "2019-05-16T09:00:00Z";
    });
    const body = (v: unknown) => Buffer.from(JSON.stringify(v));
    // Out of order on purpose: the later review arrives first.
    for (const [event, payload] of [
      ["pull_request", opened],
      ["pull_request_review", reviewAt("2019-05-15T18:00:00Z")],
      ["pull_request_review", reviewAt("2019-05-15T17:00:00Z")],
      ["pull_request", merged],
    ] as const) {
      const res = await send(event, body(payload));
      expect(res.status, JSON.stringify(res.body)).toBe(202);
    }
    const rows = await server.store.entityRows();
    const pr = rows.pull_requests.find((r) => r.id === "github:Codertocat/Hello-World#2");
    expect(pr).toMatchObject({
      first_review_at: Date.parse("2019-05-15T17:00:00Z"),
      merged_at: Date.parse("2019-05-16T09:00:00Z"),
      merge_sha: "c4295bd74fb0f4fda03689c3df3f2803b658fd85",
    });
  });

  test("zero configuration gives numbers: pushes and deployments link; the deployment ships the pushed commits", async () => {
    const base = json("octokit-webhooks/push/with-new-branch.payload.json");
    const template = (base.commits as Record<string, unknown>[])[0] as Record<string, unknown>;
    const sha = (n: number) => `${n}`.repeat(40).slice(0, 40);
    const push = (before: string, ids: number[]) =>
      derive(base, (p) => {
        p.ref = "refs/heads/main";
        p.before = before;
        p.after = sha(ids.at(-1) ?? 0);
        p.created = false;
        p.commits = ids.map((n) => ({
          ...template,
          id: sha(n),
          message: `commit ${n}`,
          timestamp: `2026-03-01T0${n}:00:00Z`,
        }));
      });
    const deployment = json("octokit-webhooks/deployment_status/payload.json");
    const deploy = (id: number, at: number, n: number) =>
      derive(deployment, (p) => {
        const d = p.deployment as Record<string, unknown>;
        d.id = id;
        d.sha = sha(n);
        d.created_at = `2026-03-01T0${at}:00:00Z`;
        (p.deployment_status as Record<string, unknown>).created_at = `2026-03-01T0${at}:30:00Z`;
      });
    const body = (v: unknown) => Buffer.from(JSON.stringify(v));
    for (const [event, payload] of [
      ["push", push("b".repeat(40), [1, 2, 3])],
      ["deployment_status", deploy(1, 4, 3)],
      ["push", push(sha(3), [5, 6])],
      ["deployment_status", deploy(2, 7, 6)],
    ] as const) {
      const res = await send(event, body(payload));
      expect(res.status, JSON.stringify(res.body)).toBe(202);
    }
    const id = encodeURIComponent("github:Codertocat/Hello-World/deployments/2");
    const res = await fetch(`${server.url}/api/v1/deployments/${id}/links`);
    const links = (await res.json()) as { deployment: unknown; changes: { sha: string }[] };
    expect(res.status, JSON.stringify(links)).toBe(200);
    expect(links.deployment).toMatchObject({
      service: "Hello-World",
      changesShipped: 2,
      shipped: { method: "reachability" },
    });
    expect(links.changes.map((c) => c.sha).sort()).toEqual([sha(5), sha(6)]);
  });

  test("secrets inside a payload (a token in a URL) are redacted before anything is stored", async () => {
    const payload = derive(json("octokit-webhooks/push/with-new-branch.payload.json"), (p) => {
      const commit = (p.commits as Record<string, unknown>[])[0] as Record<string, unknown>;
      commit.message =
        "Mirror from https://bot:ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/acme/x.git";
      commit.id = "aaaaaaa1aaaaaaa1aaaaaaa1aaaaaaa1aaaaaaa1";
      p.after = commit.id;
    });
    const res = await send("push", Buffer.from(JSON.stringify(payload)));
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const raw = await server.store.rawRecords({ limit: 5 });
    const text = JSON.stringify(raw) + JSON.stringify(await server.store.entityRows());
    expect(text).not.toContain("ghp_abcdefghijklmnopqrstuvwxyz0123456789");
    expect(text).toContain("[redacted]@github.com");
  });

  test("a delivery that cannot be mapped is 400 invalid_payload naming the field, and kept for a fix", async () => {
    const broken = derive(json("octokit-webhooks/pull_request/opened.payload.json"), (p) => {
      (p.pull_request as Record<string, unknown>).created_at = "2019-05-15 15:20:33";
    });
    const res = await send("pull_request", Buffer.from(JSON.stringify(broken)));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "invalid_payload", field: "pull_request.created_at" });
    const [kept] = await server.store.connections.deliveries("github/acme", {
      limit: 1,
      outcome: "rejected",
    });
    expect(kept?.body).toContain("2019-05-15 15:20:33");
  });
});
