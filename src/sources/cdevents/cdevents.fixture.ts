import { readFileSync } from "node:fs";
import { join } from "node:path";
import { byName, FIXTURES, jsonFilesUnder, type SourceFixtures } from "../contract.fixture.js";
import { cdevents } from "./index.js";

/**
 * The CDEvents 0.5.1 conformance events, each sent in CloudEvents binary mode: the CDEvent as the body, its
 * context as ce-* headers (cloudevents-binding.md). cdevents.test.ts sends them in structured mode too.
 */
const all = jsonFilesUnder("cdevents-spec-v0.5.1/conformance").map((path) => {
  const body = readFileSync(join(FIXTURES, path));
  const context = (
    JSON.parse(body.toString("utf8")) as { context: { source: string; type: string; timestamp: string } }
  ).context;
  return {
    name: path,
    body,
    headers: {
      "content-type": "application/json",
      "ce-specversion": "1.0",
      "ce-type": context.type,
      "ce-source": context.source,
      "ce-time": context.timestamp,
    },
  };
});

export const fixtures: SourceFixtures = {
  source: cdevents,
  secret: "cdevents-token-for-tests-0123",
  sign: (_body, secret, deliveryId) => ({ authorization: `Bearer ${secret}`, "ce-id": deliveryId }),
  all,
  mapped: byName(all, "cdevents-spec-v0.5.1/conformance/service_deployed.json"),
  unused: byName(all, "cdevents-spec-v0.5.1/conformance/artifact_packaged.json"),
};
