import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { readCsv } from "../../testing/devlake-fixtures.js";
import { byName, FIXTURES } from "../contract.fixture.js";
import type { MapResult } from "../source.js";
import { derive, eventsOf, fixtureJson, hmacCredential, mapDelivery } from "../test-kit.fixture.js";
import { fixtures } from "./circleci.fixture.js";
import { circleci } from "./index.js";

function json(name: string): Record<string, unknown> {
  return fixtureJson(fixtures.all, name);
}

const workflowCompleted = json("zulip-circleci/github_workflow_completed.json");
const jobCompleted = json("zulip-circleci/github_job_completed.json");

/** A deep copy of a payload with changes, so derived deliveries never touch the fixture. */
function map(body: unknown, settings: Record<string, unknown> = {}): MapResult {
  return mapDelivery(circleci, body, {}, settings);
}

const REPO = "zulip-testing/circleci-webhook-test";
const SHA = "a5e30a908224e46626a796d058289475f6d387b5";

describe("Circleci-Signature", () => {
  const body = byName(fixtures.all, "zulip-circleci/github_workflow_completed.json").body;
  const credential = hmacCredential(fixtures.secret);
  const good = fixtures.sign(body, fixtures.secret, "x")["circleci-signature"] ?? "";
  const other = fixtures.sign(body, "another-secret-entirely", "x")["circleci-signature"] ?? "";
  const verify = (signature: string | undefined, raw = body) =>
    circleci.verify(
      { headers: signature === undefined ? {} : { "circleci-signature": signature }, rawBody: raw },
      credential,
    );

  test("v1=<hex HMAC-SHA256 of the raw body> verifies; another secret's does not", () => {
    expect(good).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verify(good)).toEqual({ ok: true });
    expect(verify(other)).toMatchObject({ ok: false, code: "invalid_signature" });
  });

  test("several comma-separated signatures: any v1 matching is enough", () => {
    expect(verify(`${other},${good}`)).toEqual({ ok: true });
    expect(verify(`v2=abc, ${good}`)).toEqual({ ok: true });
    expect(verify(`${other}, ${other}`)).toMatchObject({ ok: false, code: "invalid_signature" });
  });

  test("missing, malformed, or over a changed body", () => {
    expect(verify(undefined)).toMatchObject({ ok: false, code: "missing_signature" });
    expect(verify("v1=xyz")).toMatchObject({ ok: false, code: "invalid_signature" });
    expect(verify(good.replace("v1=", "sha256="))).toMatchObject({ ok: false, code: "invalid_signature" });
    const changed = Buffer.from(body);
    changed[20] = (changed[20] ?? 0) ^ 1;
    expect(verify(good, changed)).toMatchObject({ ok: false, code: "invalid_signature" });
  });
});

describe("workflow-completed", () => {
  test("a build per workflow, field by field", () => {
    expect(map(workflowCompleted)).toEqual({
      outcome: "events",
      eventType: "workflow-completed",
      events: [
        {
          type: "build",
          id: "circleci:workflows/7381218b-d04c-4aa3-b8b8-8c00a9319d1f",
          repo: REPO,
          sha: SHA,
          pipeline: "sample",
          startedAt: "2022-09-20T12:54:26.737Z",
          finishedAt: "2022-09-20T12:54:38.599Z",
          status: "success",
        },
      ],
    });
  });

  test("a workflow whose name matches the deploy pattern is also a deployment of the repository's service", () => {
    const settings = { deployPattern: "deploy*, SAMP*", serviceMap: { [REPO]: "webhook-test" } };
    const [build, deployment] = eventsOf(map(workflowCompleted, settings));
    expect(build).toMatchObject({ type: "build", pipeline: "sample" });
    expect(deployment).toEqual({
      type: "deployment",
      id: "circleci:workflows/7381218b-d04c-4aa3-b8b8-8c00a9319d1f",
      service: "webhook-test",
      environment: "production",
      startedAt: "2022-09-20T12:54:26.737Z",
      finishedAt: "2022-09-20T12:54:38.599Z",
      status: "success",
      sha: SHA,
      repo: REPO,
    });
    const staging = eventsOf(
      map(workflowCompleted, { deployPattern: ["sample"], deployEnvironment: "staging" }),
    );
    expect(staging[1]).toMatchObject({ service: "circleci-webhook-test", environment: "staging" });
  });

  test("statuses: failed and error are failures, canceled is cancelled, not_run records nothing", () => {
    const withStatus = (status: string) =>
      map(derive(workflowCompleted, (p) => Object.assign(p.workflow as object, { status })));
    expect(eventsOf(withStatus("failed"))[0]).toMatchObject({ status: "failure" });
    expect(eventsOf(withStatus("error"))[0]).toMatchObject({ status: "failure" });
    expect(eventsOf(withStatus("unauthorized"))[0]).toMatchObject({ status: "failure" });
    expect(eventsOf(withStatus("canceled"))[0]).toMatchObject({ status: "cancelled" });
    expect(withStatus("not_run")).toMatchObject({ outcome: "ignored", code: "nothing_to_record" });
  });

  test("GitLab and GitHub App pipelines name the commit in trigger_parameters.git", () => {
    const gitlab = derive(workflowCompleted, (p) => {
      const pipeline = p.pipeline as Record<string, unknown>;
      delete pipeline.vcs;
      pipeline.trigger_parameters = {
        gitlab: { web_url: "https://gitlab.com/zulip-testing/circleci-webhook-test", checkout_sha: "" },
        git: {
          tag: "",
          checkout_sha: "C31F86994C54672F97B5BD5E544315B7BD40E4C1",
          ref: "refs/heads/main",
          branch: "main",
          checkout_url: "git@gitlab.com:zulip-testing/circleci-webhook-test.git",
        },
      };
    });
    expect(eventsOf(map(gitlab))[0]).toMatchObject({
      repo: REPO,
      sha: "c31f86994c54672f97b5bd5e544315b7bd40e4c1",
    });
  });

  test("a pipeline that names no repository and commit is ignored, saying what is missing", () => {
    const bare = derive(workflowCompleted, (p) => {
      delete (p.pipeline as Record<string, unknown>).vcs;
    });
    expect(map(bare)).toMatchObject({ outcome: "ignored", code: "missing_context" });
    const empty = derive(workflowCompleted, (p) => {
      (p.pipeline as Record<string, unknown>).vcs = {
        target_repository_url: "",
        origin_repository_url: "",
        revision: "",
      };
    });
    expect(map(empty)).toMatchObject({ outcome: "ignored", code: "missing_context" });
  });

  test("a field Stride reads with a wrong value is rejected, naming it", () => {
    const bad = derive(workflowCompleted, (p) =>
      Object.assign(p.workflow as object, { created_at: "2022-09-20 12:54" }),
    );
    expect(map(bad)).toMatchObject({
      outcome: "rejected",
      error: { code: "invalid_payload", field: "workflow.created_at" },
    });
  });

  /**
   * Apache DevLake's e2e record of ten real CircleCI workflows (API v2 objects: the `workflow` a workflow-completed
   * event carries). Each, put in the captured delivery in place of its workflow, maps with its own times and status.
   */
  test("DevLake's recorded CircleCI workflows: statuses and times as CircleCI gave them", () => {
    const rows = readCsv(join(FIXTURES, "devlake/circleci/e2e/raw_tables/_raw_circleci_api_workflows.csv"));
    expect(rows).toHaveLength(10);
    const outcomes = rows.map((row) => {
      const workflow = JSON.parse(row.data ?? "{}") as Record<string, unknown>;
      const result = map(derive(workflowCompleted, (p) => Object.assign(p, { workflow })));
      if (result.outcome !== "events") return { id: workflow.id, outcome: result.outcome };
      const build = result.events[0] as Record<string, unknown>;
      return {
        id: workflow.id,
        status: build.status,
        startedAt: build.startedAt,
        finishedAt: build.finishedAt,
      };
    });
    expect(outcomes.filter((o) => o.status === "failure")).toHaveLength(5);
    expect(outcomes.filter((o) => o.status === "success")).toHaveLength(4);
    expect(outcomes[0]).toEqual({
      id: "6731159f-5275-4bfa-ba70-39d343d63814",
      status: "failure",
      startedAt: "2023-03-25T17:52:15.000Z",
      finishedAt: "2023-03-25T17:52:23.000Z",
    });
    // CircleCI recorded this one as stopped 45 s before it was created: kept as sent, not guessed at.
    expect(outcomes).toContainEqual({
      id: "fc76deef-bcdd-4856-8e96-a8e2d1c5a85f",
      status: "failure",
      startedAt: "2023-03-25T18:06:13.000Z",
      finishedAt: "2023-03-25T18:05:28.000Z",
    });
    // A workflow with no times at all (created_at "") cannot be a build: rejected, so it is kept for replay.
    expect(outcomes).toContainEqual({ id: "b3b77371-e27a-4e93-a554-c728f757cd24", outcome: "rejected" });
  });
});

describe("job-completed", () => {
  test("a build per job, named <workflow>/<job>, field by field", () => {
    expect(map(jobCompleted)).toEqual({
      outcome: "events",
      eventType: "job-completed",
      events: [
        {
          type: "build",
          id: "circleci:jobs/bc772f25-9fd4-49f3-a3b8-d5a0cb5a2ab6",
          repo: REPO,
          sha: SHA,
          pipeline: "sample/build-and-test",
          startedAt: "2022-09-20T12:54:28.900Z",
          finishedAt: "2022-09-20T12:54:38.599Z",
          status: "success",
        },
      ],
    });
  });

  test("a job matching the deploy pattern is a deployment, unless its workflow matches too (counted once)", () => {
    const byJob = eventsOf(map(jobCompleted, { deployPattern: "build-*" }));
    expect(byJob.map((e) => e.type)).toEqual(["build", "deployment"]);
    expect(byJob[1]).toEqual({
      type: "deployment",
      id: "circleci:jobs/bc772f25-9fd4-49f3-a3b8-d5a0cb5a2ab6",
      service: "circleci-webhook-test",
      environment: "production",
      startedAt: "2022-09-20T12:54:28.900Z",
      finishedAt: "2022-09-20T12:54:38.599Z",
      status: "success",
      sha: SHA,
      repo: REPO,
    });
    expect(eventsOf(map(jobCompleted, { deployPattern: "*" })).map((e) => e.type)).toEqual(["build"]);
    expect(eventsOf(map(workflowCompleted, { deployPattern: "*" })).map((e) => e.type)).toEqual([
      "build",
      "deployment",
    ]);
  });

  test("a job that did not run, or never started, records nothing", () => {
    const blocked = derive(jobCompleted, (p) => Object.assign(p.job as object, { status: "blocked" }));
    expect(map(blocked)).toMatchObject({ outcome: "ignored", code: "nothing_to_record" });
    const unstarted = derive(jobCompleted, (p) =>
      Object.assign(p.job as object, { status: "canceled", started_at: null }),
    );
    expect(map(unstarted)).toMatchObject({ outcome: "ignored", code: "nothing_to_record" });
    const timedOut = derive(jobCompleted, (p) => Object.assign(p.job as object, { status: "timedout" }));
    expect(eventsOf(map(timedOut))[0]).toMatchObject({ status: "failure" });
  });
});

describe("other deliveries", () => {
  test("the test ping is ignored as a ping; an unknown event type as not used", () => {
    expect(map(JSON.parse(fixtures.unused.body.toString()))).toMatchObject({
      outcome: "ignored",
      eventType: "ping",
      code: "ping",
    });
    expect(map({ type: "pipeline-started", id: "x" })).toMatchObject({
      outcome: "ignored",
      code: "event_not_used",
    });
    expect(map({ id: "x" })).toMatchObject({ outcome: "rejected", error: { field: "type" } });
  });

  test("dedupe: the payload's event id, unless a relay names the delivery with Idempotency-Key", () => {
    const rawBody = byName(fixtures.all, "zulip-circleci/github_job_completed.json").body;
    expect(circleci.deliveryId({ headers: {}, rawBody }, jobCompleted)).toBe(
      "event:e7346c18-44cb-331d-9d45-698a38edb2e0",
    );
    expect(circleci.deliveryId({ headers: { "idempotency-key": "k-1" }, rawBody }, jobCompleted)).toBe("k-1");
  });

  test("settings: the deploy pattern as text or a list; an unknown setting is refused by name", () => {
    expect(circleci.checkSettings({ deployPattern: "deploy*, release" })).toMatchObject({
      ok: true,
      settings: { deployPattern: ["deploy*", "release"], deployEnvironment: "production", serviceMap: {} },
    });
    expect(circleci.checkSettings({ incidentLabel: "x" })).toMatchObject({
      ok: false,
      error: { code: "invalid_setting", field: "incidentLabel" },
    });
  });
});
