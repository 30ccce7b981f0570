import { byName, fixtureFile, type SourceFixtures } from "../contract.fixture.js";
import { hmacSha256 } from "../verify.js";
import { pagerduty } from "./index.js";

/** zulip's captured PagerDuty v3 deliveries and go-pagerduty's test body (an incident.priority_updated). */
const all = [
  "zulip-pagerduty/triggered_v3.json",
  "zulip-pagerduty/acknowledged_v3.json",
  "zulip-pagerduty/resolved_v3.json",
  "go-pagerduty-webhookv3/webhookv3_test.defaultBody.json",
].map((path) => fixtureFile(path, { "content-type": "application/json" }));

export const fixtures: SourceFixtures = {
  source: pagerduty,
  secret: "pagerduty-signing-secret-for-tests",
  sign: (body, secret, deliveryId) => ({
    "x-pagerduty-signature": `v1=${hmacSha256(Buffer.from(secret), body).toString("hex")}`,
    "x-webhook-id": deliveryId,
  }),
  all,
  mapped: byName(all, "zulip-pagerduty/triggered_v3.json"),
  unused: byName(all, "go-pagerduty-webhookv3/webhookv3_test.defaultBody.json"),
};
