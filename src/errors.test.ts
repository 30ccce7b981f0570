import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { errorCatalogue } from "./errors.js";

test("docs/errors.md documents every code with its HTTP status and exit code", () => {
  const doc = readFileSync("docs/errors.md", "utf8");
  for (const [code, { status, exit }] of Object.entries(errorCatalogue)) {
    expect(doc, code).toMatch(new RegExp(`\\| \`${code}\` +\\| ${status} +\\| ${exit} +\\|`));
  }
  const documented = [...doc.matchAll(/^\| `([a-z_]+)` +\|/gm)].map((m) => m[1]);
  expect(documented.sort()).toEqual(Object.keys(errorCatalogue).sort());
});
