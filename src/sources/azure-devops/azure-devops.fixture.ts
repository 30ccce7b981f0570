import { byName, fixtureFile, jsonFilesUnder, type SourceFixtures } from "../contract.fixture.js";
import { azureDevops } from "./index.js";

/** go-playground/webhooks' Azure DevOps test data (Microsoft's documented samples); the event type is in the body. */
const all = jsonFilesUnder("go-playground-webhooks/azuredevops").map((path) =>
  fixtureFile(path, { "content-type": "application/json; charset=utf-8" }),
);

export const fixtures: SourceFixtures = {
  source: azureDevops,
  secret: "azure-devops-basic-auth-password-for-tests",
  sign: (_body, secret, deliveryId) => ({
    authorization: `Basic ${Buffer.from(`stride:${secret}`).toString("base64")}`,
    "idempotency-key": deliveryId,
  }),
  all,
  mapped: byName(all, "go-playground-webhooks/azuredevops/git.push.json"),
  // a resource version 1.0 (XAML) build names no repository: ignored with missing_context
  unused: byName(all, "go-playground-webhooks/azuredevops/build.complete.json"),
};
