import { byName, type Fixture, fixtureFile, type SourceFixtures } from "../contract.fixture.js";
import { hmacSha256 } from "../verify.js";
import { jira } from "./index.js";

/** zulip's captured Jira delivery: a jira:issue_updated moving a Task from To Do to In Progress. */
const captured = fixtureFile("zulip-jira/issue_updated__status.json", { "content-type": "application/json" });

/**
 * The same delivery of an issue of type Incident: the captured bytes with the issue type's name changed (nothing else),
 * since shared/fixtures holds no Jira incident. The fixture file itself is not changed.
 */
const TASK = '"name": "Task"';
const incident: Fixture = {
  name: "zulip-jira/issue_updated__status.json (issue type Incident)",
  body: Buffer.from(captured.body.toString("utf8").replace(TASK, '"name": "Incident"')),
  headers: captured.headers,
};
if (incident.body.equals(captured.body)) throw new Error("zulip-jira/issue_updated__status.json has no Task");

const all = [captured, incident];

export const fixtures: SourceFixtures = {
  source: jira,
  secret: "jira-webhook-secret-for-tests",
  sign: (body, secret, deliveryId) => ({
    "x-hub-signature": `sha256=${hmacSha256(Buffer.from(secret), body).toString("hex")}`,
    "x-atlassian-webhook-identifier": deliveryId,
  }),
  all,
  mapped: byName(all, incident.name),
  unused: captured,
};
