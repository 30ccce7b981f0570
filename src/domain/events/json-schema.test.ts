import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { eventsJsonSchema } from "./json-schema.js";

test("schema/events.schema.json is the schema generated from the validators (run `npm run schema`)", () => {
  const committed = JSON.parse(readFileSync("schema/events.schema.json", "utf8"));
  expect(committed).toEqual(eventsJsonSchema());
});

test("the JSON Schema names every type and requires what the validator requires", () => {
  const schema = eventsJsonSchema() as {
    $defs: Record<string, { required: string[]; additionalProperties: unknown }>;
  };
  expect(Object.keys(schema.$defs).sort()).toEqual(
    ["build", "change", "deployment", "flag_change", "incident", "pull_request", "service", "team"].sort(),
  );
  expect(schema.$defs.deployment?.required.sort()).toEqual(["environment", "service", "status", "type"]);
  expect(schema.$defs.change?.additionalProperties).toBe(false);
});
