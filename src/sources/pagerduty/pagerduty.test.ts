import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { engines, freshDatabaseUrl } from "../../testing/test-databases.js";
import type { TestServer } from "../../testing/test-server.js";
import { byName, FIXTURES } from "../contract.fixture.js";
import { hmacCredential, mapDelivery } from "../test-kit.fixture.js";
import { startWebhookServer } from "../webhook-server.fixture.js";
import { pagerduty } from "./index.js";
import { fixtures } from "./pagerduty.fixture.js";

/** go-pagerduty's webhookv3 test constants (shared/fixtures/go-pagerduty-webhookv3/signature_vectors.json). */
const vectors = JSON.parse(
  readFileSync(join(FIXTURES, "go-pagerduty-webhookv3/signature_vectors.json"), "utf8"),
) as {
  secret: string;
  body_file: string;
  valid: string;
  mismatch: string;
};
const vectorBody = readFileSync(join(FIXTURES, "go-pagerduty-webhookv3", vectors.body_file));

function verify(signature: string | undefined, secret = vectors.secret) {
  const headers = signature === undefined ? {} : { "x-pagerduty-signature": signature };
  return pagerduty.verify({ headers, rawBody: vectorBody }, hmacCredential(secret));
}

describe("PagerDuty v3 signatures (go-pagerduty's test vectors)", () => {
  test("the valid signature verifies", () => {
    expect(verify(vectors.valid)).toEqual({ ok: true });
  });

  test("the mismatching one does not, nor the valid one under another secret", () => {
    expect(verify(vectors.mismatch)).toMatchObject({ ok: false, code: "invalid_signature" });
    expect(verify(vectors.valid, "another-secret")).toMatchObject({ ok: false, code: "invalid_signature" });
  });

  test("several comma-separated signatures: any one matching is enough", () => {
    expect(verify(`${vectors.mismatch},${vectors.valid}`)).toEqual({ ok: true });
    expect(verify(`${vectors.valid}, ${vectors.mismatch}`)).toEqual({ ok: true });
    expect(verify(`${vectors.mismatch},${vectors.mismatch}`)).toMatchObject({ ok: false });
  });

  test("missing or malformed headers", () => {
    expect(verify(undefined)).toMatchObject({ ok: false, code: "missing_signature" });
    expect(verify("v1=xyz")).toMatchObject({ ok: false, code: "invalid_signature" });
    expect(verify(vectors.valid.replace("v1=", "v0="))).toMatchObject({
      ok: false,
      code: "invalid_signature",
    });
  });

  test("a body changed by one byte no longer verifies", () => {
    const changed = Buffer.from(vectorBody);
    changed[10] = (changed[10] ?? 0) ^ 1;
    const result = pagerduty.verify(
      { headers: { "x-pagerduty-signature": vectors.valid }, rawBody: changed },
      hmacCredential(vectors.secret),
    );
    expect(result).toMatchObject({ ok: false });
  });
});

const triggered = JSON.parse(byName(fixtures.all, "zulip-pagerduty/triggered_v3.json").body.toString()) as {
  event: { event_type: string; occurred_at: string; data: Record<string, unknown> };
};

/** The triggered delivery's incident, as PagerDuty would send its later events. */
function later(eventType: string, occurredAt: string, withCreatedAt = false) {
  const copy = structuredClone(triggered);
  copy.event.event_type = eventType;
  copy.event.occurred_at = occurredAt;
  if (withCreatedAt) copy.event.data.created_at = "2021-06-04T13:35:29.781Z";
  return copy;
}

describe("mapping", () => {
  test("triggered: an incident of the service named like the PagerDuty service (or as serviceMap says)", () => {
    const result = pagerduty.map(
      { headers: {}, body: triggered, deliveryId: "d" },
      { serviceMap: { pig208: "checkout" } },
    );
    expect(result).toMatchObject({
      outcome: "events",
      events: [
        {
          type: "incident",
          id: "pagerduty:PFQZPSY",
          services: ["checkout"],
          title: "Test Incident 3",
          severity: "high",
          detectedAt: "2021-06-04T13:35:29.781Z",
        },
      ],
    });
  });

  test("other incident events and pings are ignored with a reason", () => {
    const ping = {
      event: { id: "x", event_type: "pagey.ping", occurred_at: "2021-06-04T13:35:29Z", data: {} },
    };
    expect(mapDelivery(pagerduty, ping)).toMatchObject({
      outcome: "ignored",
      code: "ping",
    });
    const service = {
      event: { id: "x", event_type: "service.updated", occurred_at: "2021-06-04T13:35:29Z", data: {} },
    };
    expect(mapDelivery(pagerduty, service)).toMatchObject({
      outcome: "ignored",
      code: "event_not_used",
    });
  });
});

describe.each(engines)("an incident's life over HTTP on %s", (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startWebhookServer(await freshDatabaseUrl(engine), [
      { source: "pagerduty", name: "ops", secret: fixtures.secret },
    ]);
  });
  afterAll(() => server.close());

  async function send(payload: unknown) {
    const body = Buffer.from(JSON.stringify(payload));
    const res = await fetch(`${server.url}/webhooks/pagerduty/ops`, {
      method: "POST",
      headers: { "content-type": "application/json", ...fixtures.sign(body, fixtures.secret, randomUUID()) },
      body,
    });
    expect(res.status, await res.clone().text()).toBe(202);
  }

  test("acknowledged and resolved before triggered (out of order, without created_at): detection stays the trigger's", async () => {
    await send(later("incident.resolved", "2021-06-04T14:20:00.000Z"));
    await send(later("incident.acknowledged", "2021-06-04T13:40:00.000Z"));
    await send(triggered);
    const rows = await server.store.entityRows();
    expect(rows.incidents.find((r) => r.id === "pagerduty:PFQZPSY")).toMatchObject({
      services: JSON.stringify(["pig208"]),
      detected_at: Date.parse("2021-06-04T13:35:29.781Z"),
      acknowledged_at: Date.parse("2021-06-04T13:40:00.000Z"),
      resolved_at: Date.parse("2021-06-04T14:20:00.000Z"),
    });
  });
});
