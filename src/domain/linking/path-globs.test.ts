import { expect, test } from "vitest";
import { pathMatcher } from "./path-globs.js";

test("a directory covers everything under it, with or without a trailing slash or glob", () => {
  for (const glob of ["services/api", "services/api/", "services/api/**", "./services/api"]) {
    const match = pathMatcher([glob]);
    expect(match("services/api/main.ts"), glob).toBe(true);
    expect(match("services/api/deep/x.go"), glob).toBe(true);
    expect(match("services/apix/main.ts"), glob).toBe(false);
    expect(match("services/web/main.ts"), glob).toBe(false);
  }
});

test("* stays within one name, ** crosses directories, ? is one character", () => {
  expect(pathMatcher(["*.md"])("README.md")).toBe(true);
  expect(pathMatcher(["*.md"])("docs/README.md")).toBe(false);
  expect(pathMatcher(["**/*.md"])("docs/a/README.md")).toBe(true);
  expect(pathMatcher(["**/*.md"])("README.md")).toBe(true);
  expect(pathMatcher(["libs/*/src"])("libs/core/src/a.ts")).toBe(true);
  expect(pathMatcher(["libs/*/src"])("libs/core/test/a.ts")).toBe(false);
  expect(pathMatcher(["v?.txt"])("v1.txt")).toBe(true);
  expect(pathMatcher(["v?.txt"])("v10.txt")).toBe(false);
  expect(pathMatcher(["a+b (1).txt"])("a+b (1).txt")).toBe(true);
});

test("any of several globs", () => {
  const match = pathMatcher(["services/api", "libs/shared"]);
  expect(match("libs/shared/x.ts")).toBe(true);
  expect(match("libs/other/x.ts")).toBe(false);
});
