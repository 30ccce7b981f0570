import { byName, type Fixture, fixtureFile, type SourceFixtures } from "../contract.fixture.js";
import { hmacSha256 } from "../verify.js";
import { circleci } from "./index.js";

/** zulip's captured CircleCI deliveries (a workflow-completed and a job-completed of one GitHub pipeline). */
const captured = [
  "zulip-circleci/github_workflow_completed.json",
  "zulip-circleci/github_job_completed.json",
].map((path) => {
  const type = path.includes("workflow") ? "workflow-completed" : "job-completed";
  return fixtureFile(path, { "circleci-event-type": type, "content-type": "application/json" });
});

/**
 * The "Test Ping Event" CircleCI's webhook settings send: no fixture of one is in shared/fixtures, so this body is
 * written here in the shape CircleCI documents for it (type, id, happened_at and the webhook; nothing else).
 */
const ping: Fixture = {
  name: "circleci ping (written here, CircleCI's documented ping shape)",
  body: Buffer.from(
    JSON.stringify({
      happened_at: "2026-03-01T12:00:00.000000Z",
      id: "2b3c1a0e-8d44-4d3e-9f0a-5c1f4f1b6a77",
      type: "ping",
      webhook: { id: "7d0b6c1e-3f2a-4e55-8a9b-0c1d2e3f4a5b", name: "Stride" },
    }),
  ),
  headers: { "circleci-event-type": "ping", "content-type": "application/json" },
};

const all = [...captured, ping];

export const fixtures: SourceFixtures = {
  source: circleci,
  secret: "circleci-signing-secret-for-tests",
  sign: (body, secret, deliveryId) => ({
    "circleci-signature": `v1=${hmacSha256(Buffer.from(secret), body).toString("hex")}`,
    "idempotency-key": deliveryId,
  }),
  all,
  mapped: byName(all, "zulip-circleci/github_workflow_completed.json"),
  unused: ping,
};
