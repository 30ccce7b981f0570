import { describe, expect, test } from "vitest";
import { byName } from "../contract.fixture.js";
import type { Credential, MapResult, StrideEventInput } from "../source.js";
import { mapDelivery } from "../test-kit.fixture.js";
import { hmacSha256 } from "../verify.js";
import { jira } from "./index.js";
import { fixtures } from "./jira.fixture.js";

type Payload = {
  webhookEvent: string;
  timestamp: number;
  issue: { fields: Record<string, unknown> };
  changelog?: { items: unknown[] };
};

const capturedBytes = byName(fixtures.all, "zulip-jira/issue_updated__status.json").body;
const task = JSON.parse(capturedBytes.toString()) as Payload;
const incident = JSON.parse(fixtures.mapped.body.toString()) as Payload;

/** A deep copy of a payload with changes, so derived deliveries never touch the fixture. */
function derive(value: Payload, change: (copy: Payload) => void): Payload {
  const copy = structuredClone(value);
  change(copy);
  return copy;
}

function map(body: unknown, settings: Record<string, unknown> = {}): MapResult {
  return mapDelivery(jira, body, {}, settings);
}

/** The one incident a delivery maps to. */
function only(result: MapResult): StrideEventInput {
  if (result.outcome !== "events" || result.events.length !== 1) {
    throw new Error(`expected one event, got ${JSON.stringify(result)}`);
  }
  return result.events[0] as StrideEventInput;
}

const ID = "jira:zulipp.atlassian.net/10000";

describe("the captured delivery (a Task moved from To Do to In Progress)", () => {
  test("a Task is not an incident: ignored, saying which setting decides", () => {
    const result = map(task);
    expect(result).toMatchObject({
      outcome: "ignored",
      eventType: "jira:issue_updated",
      code: "not_an_incident",
    });
    expect(result.outcome === "ignored" && result.reason).toContain('"Task"');
    expect(result.outcome === "ignored" && result.reason).toContain("incidentIssueTypes");
  });

  test("of type Incident: detected at `created`, acknowledged when it entered In Progress, field by field", () => {
    expect(map(incident)).toEqual({
      outcome: "events",
      eventType: "jira:issue_updated",
      events: [
        {
          type: "incident",
          id: ID,
          services: [],
          title: "TEST-1 Fix That",
          severity: "Medium",
          // 2017-01-30T18:30:41.962+0100
          detectedAt: "2017-01-30T17:30:41.962Z",
          // the delivery's timestamp, 1485797534721 (epoch ms): its changelog moved the status
          acknowledgedAt: "2017-01-30T17:32:14.721Z",
          // 2017-01-30T18:32:14.716+0100
          updatedAt: "2017-01-30T17:32:14.716Z",
        },
      ],
    });
  });

  test("incidentIssueTypes: names or globs, case-insensitive; JSM's [System] Incident by default", () => {
    expect(map(task, { incidentIssueTypes: "task" })).toMatchObject({ outcome: "events" });
    expect(map(task, { incidentIssueTypes: ["Bug", "T*"] })).toMatchObject({ outcome: "events" });
    const jsm = derive(task, (p) =>
      Object.assign(p.issue.fields.issuetype as object, { name: "[System] Incident" }),
    );
    expect(map(jsm)).toMatchObject({ outcome: "events" });
    expect(map(incident, { incidentIssueTypes: "Outage" })).toMatchObject({ code: "not_an_incident" });
  });
});

describe("an incident's life", () => {
  test("created: detected, nothing acknowledged yet", () => {
    const created = derive(incident, (p) => {
      p.webhookEvent = "jira:issue_created";
      delete p.changelog;
      p.issue.fields.status = { name: "To Do", statusCategory: { key: "new" } };
    });
    expect(map(created)).toMatchObject({
      eventType: "jira:issue_created",
      events: [{ detectedAt: "2017-01-30T17:30:41.962Z" }],
    });
    expect(only(map(created))).not.toHaveProperty("acknowledgedAt");
  });

  test("resolved: at its resolutiondate, in whatever offset Jira wrote it", () => {
    const resolved = derive(incident, (p) => {
      p.issue.fields.status = { name: "Done", statusCategory: { key: "done" } };
      p.issue.fields.resolution = { name: "Done" };
      p.issue.fields.resolutiondate = "2020-01-01T10:00:00.000+0000";
    });
    const event = only(map(resolved));
    expect(event).toMatchObject({ id: ID, resolvedAt: "2020-01-01T10:00:00.000Z" });
    expect(event).not.toHaveProperty("acknowledgedAt");
  });

  test("done without a resolution: resolved when its status entered Done (statuscategorychangedate, else the event)", () => {
    const cloud = derive(incident, (p) => {
      p.issue.fields.status = { name: "Closed", statusCategory: { key: "done" } };
      p.issue.fields.statuscategorychangedate = "2017-01-30T19:00:00.000+0100";
    });
    expect(map(cloud)).toMatchObject({ events: [{ resolvedAt: "2017-01-30T18:00:00.000Z" }] });
    const server = derive(incident, (p) => {
      p.issue.fields.status = { name: "Closed", statusCategory: { key: "done" } };
    });
    expect(map(server)).toMatchObject({ events: [{ resolvedAt: "2017-01-30T17:32:14.721Z" }] });
    // an update that changed no status says nothing about when it got there
    const comment = derive(server, (p) => {
      p.changelog = { items: [{ field: "summary", fromString: "a", toString: "b" }] };
    });
    expect(only(map(comment))).not.toHaveProperty("resolvedAt");
  });

  test("in progress on Jira Cloud: acknowledged at statuscategorychangedate even without a changelog", () => {
    const cloud = derive(incident, (p) => {
      delete p.changelog;
      p.issue.fields.statuscategorychangedate = "2017-01-30T18:31:00.123+0100";
    });
    expect(map(cloud)).toMatchObject({ events: [{ acknowledgedAt: "2017-01-30T17:31:00.123Z" }] });
  });

  test("services: components, then labels service:<name>, through serviceMap", () => {
    const tagged = derive(incident, (p) => {
      p.issue.fields.components = [{ name: "checkout" }, { name: "Payments API" }];
      p.issue.fields.labels = ["sev1", "service:search", "SERVICE:checkout"];
    });
    expect(map(tagged, { serviceMap: { "Payments API": "payments" } })).toMatchObject({
      events: [{ services: ["checkout", "payments", "search"] }],
    });
    expect(map(tagged, { serviceLabelPrefix: "sev" })).toMatchObject({
      events: [{ services: ["checkout", "Payments API", "1"] }],
    });
  });

  test("a timestamp without a zone is rejected, naming the field", () => {
    const local = derive(incident, (p) => {
      p.issue.fields.created = "2017-01-30T18:30:41.962";
    });
    expect(map(local)).toMatchObject({
      outcome: "rejected",
      error: { code: "invalid_payload", field: "issue.fields.created" },
    });
  });

  test("deleted issues and other events are ignored with a reason", () => {
    expect(map({ ...incident, webhookEvent: "jira:issue_deleted" })).toMatchObject({
      outcome: "ignored",
      code: "action_not_used",
    });
    expect(map({ ...incident, webhookEvent: "comment_created" })).toMatchObject({
      outcome: "ignored",
      code: "event_not_used",
    });
  });
});

describe("authenticity and dedupe", () => {
  const credential: Credential = {
    secrets: [Buffer.from(fixtures.secret)],
    matchesToken: (given) => given === fixtures.secret,
  };
  const verify = (headers: Record<string, string>, body = capturedBytes) =>
    jira.verify({ headers, rawBody: body }, credential);
  const digest = hmacSha256(Buffer.from(fixtures.secret), capturedBytes).toString("hex");

  test("X-Hub-Signature: sha256=<hex HMAC-SHA256 of the raw body>", () => {
    expect(verify({ "x-hub-signature": `sha256=${digest}` })).toEqual({ ok: true });
    expect(verify({ "x-hub-signature": `SHA256=${digest.toUpperCase()}` })).toEqual({ ok: true });
    expect(verify({ "x-hub-signature": `sha1=${digest}` })).toMatchObject({ code: "invalid_signature" });
    expect(verify({ "x-hub-signature": `sha256=${digest}` }, Buffer.from(`${capturedBytes} `))).toMatchObject(
      {
        code: "invalid_signature",
      },
    );
    // a signature, when present, is what counts: a right token beside a wrong signature does not pass
    expect(
      verify({ "x-hub-signature": `sha256=${"0".repeat(64)}`, authorization: `Bearer ${fixtures.secret}` }),
    ).toMatchObject({ code: "invalid_signature" });
  });

  test("a Jira that cannot sign sends the secret as a bearer token", () => {
    expect(verify({ authorization: `Bearer ${fixtures.secret}` })).toEqual({ ok: true });
    expect(verify({ authorization: "Bearer another" })).toMatchObject({ code: "invalid_signature" });
    expect(verify({ authorization: fixtures.secret })).toMatchObject({ code: "invalid_signature" });
    expect(verify({})).toMatchObject({ ok: false, code: "missing_signature" });
  });

  test("X-Atlassian-Webhook-Identifier, else the event, issue, timestamp and changelog", () => {
    const headers = { "x-atlassian-webhook-identifier": "a1b2" };
    expect(jira.deliveryId({ headers, rawBody: capturedBytes }, task)).toBe("a1b2");
    expect(jira.deliveryId({ headers: {}, rawBody: capturedBytes }, task)).toBe(
      "event:jira:issue_updated/10000/1485797534721/10000",
    );
    expect(jira.deliveryId({ headers: {}, rawBody: capturedBytes }, {})).toBeUndefined();
  });
});
