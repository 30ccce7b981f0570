import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { canonicalJson } from "../domain/events/merge-event.js";
import { checkItem } from "./check-item.js";
import { decodeOne } from "./decode-body.js";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("checkItem", () => {
  test("a valid event: validated, its body the redacted canonical JSON as sent, hashed, and its own canonical JSON for the merge", () => {
    const sent = {
      type: "change",
      title: "fix totals",
      repo: "https://github.com/Acme/Web.git",
      sha: "ABCDEF1",
      committedAt: "2026-03-01T12:00:00+01:00",
      authoredAt: "2026-03-01T11:00:00Z",
      author: "Ana",
    };
    const item = checkItem({ raw: "", value: sent });
    expect(item.result.ok).toBe(true);
    if (!item.result.ok) return;
    expect(item.body).toBe(canonicalJson(sent));
    expect(item.hash).toBe(sha256(item.body));
    expect(item.timeless).toBe(false);
    expect(item.eventJson).toBe(canonicalJson(item.result.event));
    expect(JSON.parse(item.eventJson ?? "")).toMatchObject({
      id: "Acme/Web@abcdef1",
      committedAt: Date.parse("2026-03-01T11:00:00Z"),
    });
  });

  test("an event with no instant of its own is timeless (ordered by receipt); secrets never reach the body", () => {
    const item = checkItem({ raw: "", value: { type: "service", name: "web", token: "s3cret" } });
    expect(item.result.ok).toBe(false);
    expect(item.body).not.toContain("s3cret");
    const service = checkItem({ raw: "", value: { type: "service", name: "web" } });
    expect(service.result.ok).toBe(true);
    expect(service.timeless).toBe(true);
  });

  test("text that is not JSON is an invalid_json rejection whose body is the text, without an event", () => {
    const item = checkItem(decodeOne('{"type": "change", "password": "hunter2"'));
    expect(item.result.ok === false && item.result.error.code).toBe("invalid_json");
    expect(item.body).toContain('"type": "change"');
    expect(item.body).not.toContain("hunter2");
    expect(item.hash).toBe(sha256(item.body));
    expect(item.eventJson).toBeUndefined();
  });
});
