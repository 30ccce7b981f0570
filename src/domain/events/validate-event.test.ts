import { describe, expect, test } from "vitest";
import { validateEvent } from "./validate-event.js";

const deployment = {
  type: "deployment",
  service: "checkout",
  environment: "production",
  status: "success",
  startedAt: "2026-03-01T12:00:00Z",
  finishedAt: "2026-03-01T12:05:00Z",
};

function errorOf(value: unknown) {
  const result = validateEvent(value);
  if (result.ok) throw new Error("expected a rejection");
  return result.error;
}

const build = {
  type: "build",
  repo: "acme/shop",
  sha: "a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0",
  pipeline: "ci",
  startedAt: "2026-03-01T12:00:00Z",
  status: "success",
};

describe("validateEvent", () => {
  test("a valid event gets a natural-key id and normalized instants", () => {
    const result = validateEvent(deployment);
    expect(result).toMatchObject({
      ok: true,
      event: { id: "checkout/production@@2026-03-01T12:00:00.000Z", startedAt: Date.UTC(2026, 2, 1, 12) },
    });
  });

  test("a client id is kept verbatim", () => {
    expect(validateEvent({ ...deployment, id: "deploy-42" })).toMatchObject({
      ok: true,
      event: { id: "deploy-42" },
    });
  });

  test("repositories are normalized to owner/repo", () => {
    for (const repo of [
      "acme/shop",
      "github.com/acme/shop",
      "https://github.com/acme/shop.git",
      "git@github.com:acme/shop.git",
    ]) {
      const result = validateEvent({
        type: "build",
        repo,
        sha: "abcdef1",
        pipeline: "ci",
        startedAt: 1,
        status: "success",
      });
      expect(result).toMatchObject({ ok: true, event: { repo: "acme/shop" } });
    }
  });

  test.each([
    [null, "invalid_event", undefined],
    [[1], "invalid_event", undefined],
    [{ service: "x" }, "missing_field", "type"],
    [{ type: "deploy" }, "unknown_event_type", "type"],
    [{ ...deployment, status: "ok" }, "invalid_field", "status"],
    [{ ...deployment, service: 42 }, "invalid_field", "service"],
    [{ ...deployment, environment: undefined }, "missing_field", "environment"],
    [{ ...deployment, finishedat: "2026-03-01T12:05:00Z" }, "unknown_field", "finishedat"],
    [{ ...deployment, startedAt: "2026-03-01T12:00:00" }, "timestamp_without_zone", "startedAt"],
    [{ ...deployment, startedAt: "soon" }, "invalid_timestamp", "startedAt"],
    [{ ...deployment, id: "x".repeat(257) }, "id_too_long", "id"],
    [{ ...deployment, startedAt: undefined, finishedAt: undefined }, "missing_field", "startedAt"],
    [{ ...deployment, sha: "not-a-sha" }, "invalid_field", "sha"],
    // counts are held as 32-bit integers
    [{ ...build, tests: { total: 2 ** 31, failed: 0, skipped: 0 } }, "invalid_field", "tests.total"],
  ])("%j is rejected with %s on %s", (value, code, field) => {
    const error = errorOf(value);
    expect(error.code).toBe(code);
    expect(error.field).toBe(field);
    expect(error.hint.length).toBeGreaterThan(5);
    if (field) expect(error.message).toContain(field);
  });
});

test("every example in docs/events.md is a valid event, and every type has one", async () => {
  const { readFileSync } = await import("node:fs");
  const doc = readFileSync("docs/events.md", "utf8");
  const examples = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1] ?? ""));
  for (const example of examples)
    expect(validateEvent(example), JSON.stringify(example)).toMatchObject({ ok: true });
  expect(new Set(examples.map((e) => e.type)).size).toBe(8);
});
