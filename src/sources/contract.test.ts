import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { validateEvent } from "../domain/events/validate-event.js";
import { validateRaw } from "../ingest/ingest-events.js";
import { engines, freshDatabaseUrl } from "../testing/test-databases.js";
import type { TestServer } from "../testing/test-server.js";
import type { Fixture, SourceFixtures } from "./contract.fixture.js";
import { drainDeliveryLog } from "./delivery-log.js";
import { sources } from "./registry.js";
import { ignoreCodes } from "./source.js";
import { addTestConnection, startWebhookServer } from "./webhook-server.fixture.js";

/**
 * The contract every source meets, run against each one in the registry (its folder's `<source>.fixture.ts` gives
 * the real fixtures and how the source signs): a signed delivery is accepted and stored, a redelivery is a
 * duplicate, a wrong or missing signature is 401 with nothing stored, an event type Stride does not use is 202
 * ignored with a stable code, and every fixture maps without error and deterministically.
 */

const sets: SourceFixtures[] = await Promise.all(
  sources.map(async (source) => {
    const module = (await import(`./${source.name}/${source.name}.fixture.ts`)) as {
      fixtures: SourceFixtures;
    };
    return module.fixtures;
  }),
);

test("every registered source has its fixture file", () => {
  expect(sets.map((s) => s.source.name)).toEqual(sources.map((s) => s.name));
});

/** Only the delivery id of what `sign` gives: the same delivery, unsigned. */
function unsigned(set: SourceFixtures, body: Buffer, deliveryId: string): Record<string, string> {
  const signed = set.sign(body, set.secret, deliveryId);
  return Object.fromEntries(
    Object.entries(signed).filter(([name]) => set.source.deliveryIdHeaders.includes(name)),
  );
}

async function post(
  server: TestServer,
  set: SourceFixtures,
  fixture: Fixture,
  headers: Record<string, string>,
) {
  const response = await fetch(`${server.url}/webhooks/${set.source.name}/contract`, {
    method: "POST",
    headers: { ...fixture.headers, ...headers },
    body: fixture.body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function stored(server: TestServer, set: SourceFixtures) {
  await drainDeliveryLog(server.store);
  const counts = await server.store.counts();
  const deliveries = (
    await server.store.connections.deliveries(`${set.source.name}/contract`, { limit: 1000 })
  ).length;
  return { raw: counts.raw, entities: counts.entities, deliveries };
}

describe.each(engines)("every source on %s", (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startWebhookServer(
      await freshDatabaseUrl(engine),
      sets.map((set) => ({ source: set.source.name, name: "contract", secret: set.secret })),
    );
  });
  afterAll(() => server.close());

  describe.each(sets)("$source.name", (set) => {
    const deliveryId = randomUUID();

    test("a signed delivery is accepted and its events stored", async () => {
      const res = await post(server, set, set.mapped, set.sign(set.mapped.body, set.secret, deliveryId));
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      expect(res.body).toMatchObject({ status: "accepted" });
      expect(String(res.body.deliveryId)).toContain(deliveryId);
      const events = res.body.events as { status: string; type: string; id: string }[];
      expect(events.length).toBeGreaterThan(0);
      const rows = await server.store.entityRows();
      for (const e of events) {
        const table = {
          change: "changes",
          pull_request: "pull_requests",
          build: "builds",
          deployment: "deployments",
          incident: "incidents",
        }[e.type] as keyof typeof rows;
        expect(rows[table].map((r) => r.id)).toContain(e.id);
      }
    });

    test("a redelivery (same delivery id) is a duplicate: 200, nothing new stored", async () => {
      const before = await stored(server, set);
      const res = await post(server, set, set.mapped, set.sign(set.mapped.body, set.secret, deliveryId));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ status: "duplicate", accepted: 0 });
      expect(String(res.body.deliveryId)).toContain(deliveryId);
      const after = await stored(server, set);
      expect(after.raw).toEqual(before.raw);
      expect(after.entities).toEqual(before.entities);
    });

    test("a wrong signature is 401 invalid_signature and stores nothing", async () => {
      const before = await stored(server, set);
      const res = await post(
        server,
        set,
        set.mapped,
        set.sign(set.mapped.body, "not-the-connection-secret", randomUUID()),
      );
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: "invalid_signature" });
      const after = await stored(server, set);
      expect(after).toEqual(before);
    });

    test("a missing signature is 401 missing_signature and stores nothing", async () => {
      const before = await stored(server, set);
      const res = await post(server, set, set.mapped, unsigned(set, set.mapped.body, randomUUID()));
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: "missing_signature" });
      expect(await stored(server, set)).toEqual(before);
    });

    test("an event type Stride does not use is 202 ignored with a stable code and a reason", async () => {
      const before = await stored(server, set);
      const res = await post(server, set, set.unused, set.sign(set.unused.body, set.secret, randomUUID()));
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      expect(res.body).toMatchObject({ ignored: true });
      expect(Object.keys(ignoreCodes)).toContain(res.body.code);
      expect(String(res.body.reason).length).toBeGreaterThan(10);
      const after = await stored(server, set);
      expect(after.raw).toEqual(before.raw);
      expect(after.entities).toEqual(before.entities);
    });

    test("the counters say what happened, by outcome and code", async () => {
      await drainDeliveryLog(server.store);
      const counters = (await server.store.connections.counters()).filter(
        (c) => c.connectionId === `${set.source.name}/contract`,
      );
      const count = (outcome: string, code: string) =>
        counters.find((c) => c.outcome === outcome && c.code === code)?.count ?? 0;
      expect(count("accepted", "")).toBe(1);
      expect(count("duplicate", "")).toBe(1);
      expect(count("rejected", "invalid_signature")).toBe(1);
      expect(count("rejected", "missing_signature")).toBe(1);
      expect(counters.filter((c) => c.outcome === "ignored").reduce((n, c) => n + c.count, 0)).toBe(1);
    });
  });
});

describe.each(engines)("replay on %s", (engine) => {
  test("rebuilds exactly what webhook deliveries stored (they went down the one ingest path)", async () => {
    const server = await startWebhookServer(await freshDatabaseUrl(engine), []);
    try {
      for (const set of sets) {
        await addTestConnection(server, { source: set.source.name, name: "replay", secret: set.secret });
        for (const fixture of set.all) {
          const res = await fetch(`${server.url}/webhooks/${set.source.name}/replay`, {
            method: "POST",
            headers: { ...fixture.headers, ...set.sign(fixture.body, set.secret, randomUUID()) },
            body: fixture.body,
          });
          expect(res.status, fixture.name).toBeLessThan(300);
        }
      }
      const before = await server.store.entityRows();
      expect(before.changes.length + before.deployments.length + before.incidents.length).toBeGreaterThan(5);
      const summary = await server.store.replay(validateRaw);
      expect(summary.rejected).toBe(0);
      expect(await server.store.entityRows()).toEqual(before);
    } finally {
      await server.close();
    }
  });
});

describe.each(sets)("$source.name: every fixture", (set) => {
  test.each(set.all.map((f) => [f.name, f] as const))(
    "%s maps without error, deterministically",
    (_name, fixture) => {
      const once = () => {
        const headers = { ...fixture.headers, ...set.sign(fixture.body, set.secret, "fixture-delivery") };
        const request = { headers, rawBody: fixture.body };
        const decoded = set.source.decode(request);
        if (!decoded.ok) return { decodeError: decoded.error };
        return set.source.map({ headers, body: decoded.body, deliveryId: "fixture-delivery" }, {});
      };
      const result = once();
      expect(result).toEqual(once());
      expect("decodeError" in result, JSON.stringify(result)).toBe(false);
      if ("decodeError" in result) return;
      if (result.outcome === "rejected") throw new Error(`rejected: ${JSON.stringify(result.error)}`);
      if (result.outcome === "ignored") {
        expect(Object.keys(ignoreCodes)).toContain(result.code);
        expect(result.reason.length).toBeGreaterThan(10);
      } else {
        for (const event of result.events) {
          const validated = validateEvent(event);
          expect(validated.ok, JSON.stringify(validated)).toBe(true);
        }
      }
    },
  );
});
