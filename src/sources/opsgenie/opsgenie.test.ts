import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readCsv } from "../../testing/devlake-fixtures.js";
import { engines, freshDatabaseUrl } from "../../testing/test-databases.js";
import type { TestServer } from "../../testing/test-server.js";
import { byName, FIXTURES } from "../contract.fixture.js";
import type { Credential, MapResult } from "../source.js";
import { mapDelivery } from "../test-kit.fixture.js";
import { startWebhookServer } from "../webhook-server.fixture.js";
import { opsgenie } from "./index.js";
import { fixtures } from "./opsgenie.fixture.js";
import { epochInstant, exactIntegers } from "./payload-schema.js";

const createBytes = byName(fixtures.all, "zulip-opsgenie/create.json").body;
const closeBytes = byName(fixtures.all, "zulip-opsgenie/close.json").body;

/** A body as Stride decodes it (big integers kept as their digits). */
function decode(body: Buffer): Record<string, unknown> {
  const decoded = opsgenie.decode({ headers: { "content-type": "application/json" }, rawBody: body });
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.error));
  return decoded.body as Record<string, unknown>;
}

/** A delivery's bytes with text replaced (the nanosecond literals stay as written). */
function edit(body: Buffer, from: string, to: string): Buffer {
  const text = body.toString("utf8");
  if (!text.includes(from)) throw new Error(`no ${from} in the body`);
  return Buffer.from(text.replace(from, to));
}

function map(body: Buffer | Record<string, unknown>, settings: Record<string, unknown> = {}): MapResult {
  const decoded = Buffer.isBuffer(body) ? decode(body) : body;
  return mapDelivery(opsgenie, decoded, {}, settings);
}

describe("the nanosecond trap", () => {
  test("integer literals beyond 2^53 become their exact digits; everything else is left alone", () => {
    expect(exactIntegers('{"a":1420452374669001603,"b":-9007199254740993}')).toBe(
      '{"a":"1420452374669001603","b":"-9007199254740993"}',
    );
    const untouched =
      '{"safe":9007199254740991,"f":1420452374669001603.5,"e":1e30,"s":"1420452374669001603"}';
    expect(exactIntegers(untouched)).toBe(untouched);
    expect(exactIntegers('{"s":"a \\" 12345678901234567890","n":[12345678901234567890]}')).toBe(
      '{"s":"a \\" 12345678901234567890","n":["12345678901234567890"]}',
    );
    expect(exactIntegers('{"cut":1420452374669001603')).toBe('{"cut":"1420452374669001603"');
  });

  test("the captured deliveries decode with updatedAt exact; createdAt (ms) stays a number", () => {
    const close = decode(closeBytes).alert as Record<string, unknown>;
    expect(close.updatedAt).toBe("1420452374669001603");
    expect(close.createdAt).toBe(1420452191104);
    const create = decode(createBytes).alert as Record<string, unknown>;
    expect(create.updatedAt).toBe("1502709956288000110");
    expect(create.insertedAt).toBe("1502709956288000110");
  });

  test("a nanosecond value just under a millisecond boundary stays in its millisecond", () => {
    const literal = "1420452374670999999";
    // What JSON.parse would have made of it: the next millisecond.
    expect(Math.trunc((JSON.parse(literal) as number) / 1e6)).toBe(1420452374671);
    const result = map(edit(closeBytes, "1420452374669001603", literal));
    expect(result).toMatchObject({ outcome: "events", events: [{ resolvedAt: "2015-01-05T10:06:14.670Z" }] });
  });

  test("epoch seconds, ms, µs and ns by magnitude, exactly; ISO with a zone; nothing else", () => {
    const read = (v: unknown) => epochInstant.safeParse(v);
    expect(read(1420452191)).toMatchObject({ data: "2015-01-05T10:03:11.000Z" });
    expect(read(1420452191104)).toMatchObject({ data: "2015-01-05T10:03:11.104Z" });
    expect(read("1420452191104999")).toMatchObject({ data: "2015-01-05T10:03:11.104Z" });
    expect(read("1420452191104999999")).toMatchObject({ data: "2015-01-05T10:03:11.104Z" });
    expect(read("2023-09-05T18:21:21.49Z")).toMatchObject({ data: "2023-09-05T18:21:21.490Z" });
    for (const bad of [
      -1,
      "",
      "-1420452191104",
      "2023-09-05T18:21:21",
      "99999999999999999999999999999",
      1e308,
    ]) {
      expect(read(bad).success, String(bad)).toBe(false);
    }
  });
});

describe("mapping", () => {
  test("Create: an incident detected at the alert's createdAt, field by field", () => {
    expect(map(createBytes)).toEqual({
      outcome: "events",
      eventType: "alert.Create",
      events: [
        {
          type: "incident",
          id: "opsgenie:ec03dad6-62c8-4c94-b38b-d88f398e900f",
          services: [],
          title: "another alert",
          severity: "P3",
          detectedAt: "2017-08-14T11:25:56.288Z",
          updatedAt: "2017-08-14T11:25:56.288Z",
        },
      ],
    });
  });

  test("Close: resolved at the alert's updatedAt (nanoseconds), field by field", () => {
    expect(map(closeBytes)).toEqual({
      outcome: "events",
      eventType: "alert.Close",
      events: [
        {
          type: "incident",
          id: "opsgenie:052652ac-5d1c-464a-812a-7dd18bbfba8c",
          services: [],
          title: "test alert",
          detectedAt: "2015-01-05T10:03:11.104Z",
          resolvedAt: "2015-01-05T10:06:14.669Z",
          updatedAt: "2015-01-05T10:06:14.669Z",
        },
      ],
    });
  });

  test("Acknowledge: acknowledged at the alert's updatedAt; without one it is rejected, naming the field", () => {
    const ack = edit(
      edit(createBytes, '"action":"Create"', '"action":"Acknowledge"'),
      '"updatedAt":1502709956288000110',
      '"updatedAt":1502710016288000110',
    );
    expect(map(ack)).toMatchObject({
      outcome: "events",
      eventType: "alert.Acknowledge",
      events: [
        {
          id: "opsgenie:ec03dad6-62c8-4c94-b38b-d88f398e900f",
          detectedAt: "2017-08-14T11:25:56.288Z",
          acknowledgedAt: "2017-08-14T11:26:56.288Z",
        },
      ],
    });
    const undated = edit(ack, '"updatedAt":1502710016288000110,', "");
    expect(map(undated)).toMatchObject({
      outcome: "rejected",
      error: { code: "invalid_payload", field: "alert.updatedAt" },
    });
  });

  test("services: the alert's service:<name> tags, through serviceMap; the prefix is a setting", () => {
    const tagged = edit(
      createBytes,
      '"vip"',
      '"vip", "service:checkout", "Service: payments", "service:checkout"',
    );
    expect(map(tagged, { serviceMap: { payments: "billing" } })).toMatchObject({
      events: [{ services: ["checkout", "billing"] }],
    });
    expect(map(tagged, { serviceTagPrefix: "vi" })).toMatchObject({ events: [{ services: ["p"] }] });
    expect(opsgenie.checkSettings({ serviceTagPrefix: "" })).toMatchObject({
      ok: false,
      error: { field: "serviceTagPrefix" },
    });
  });

  test("other actions are ignored with a reason", () => {
    for (const action of ["AddNote", "UnAcknowledge", "Delete", "Snooze"]) {
      const body = edit(createBytes, '"action":"Create"', `"action":"${action}"`);
      expect(map(body), action).toMatchObject({
        outcome: "ignored",
        eventType: `alert.${action}`,
        code: "action_not_used",
      });
    }
  });

  /**
   * Apache DevLake's e2e record of two real Opsgenie incidents (the incident API, which states its instants in ISO
   * 8601, with as few as two fraction digits): the same fields in an alert's Close map to the instants stated.
   */
  test("DevLake's recorded Opsgenie incidents: their ISO instants and priorities", () => {
    const rows = readCsv(join(FIXTURES, "devlake/opsgenie/e2e/raw_tables/_raw_opsgenie_incidents.csv"));
    const mappedRows = rows.map((row) => {
      const i = JSON.parse(row.data ?? "{}") as Record<string, unknown>;
      const alert = {
        alertId: i.id,
        message: i.message,
        tags: i.tags,
        priority: i.priority,
        createdAt: i.createdAt,
        updatedAt: i.updatedAt,
      };
      return map({ action: "Close", alert });
    });
    expect(mappedRows).toMatchObject([
      {
        outcome: "events",
        events: [
          {
            id: "opsgenie:3a74524a-f492-4172-b3f5-6041c7cb404a",
            title: "Incident#1",
            severity: "P3",
            detectedAt: "2023-09-06T14:30:56.346Z",
            resolvedAt: "2023-09-06T14:30:57.035Z",
          },
        ],
      },
      {
        outcome: "events",
        events: [
          {
            id: "opsgenie:3f84e009-7548-4e7d-832a-fa82c1ceb6b1",
            title: "Incident#2",
            severity: "P5",
            detectedAt: "2023-09-05T18:20:28.003Z",
            resolvedAt: "2023-09-05T18:21:21.490Z",
          },
        ],
      },
    ]);
  });
});

describe("authenticity and dedupe", () => {
  const credential: Credential = {
    secrets: [],
    matchesToken: (given) => given === fixtures.secret,
  };
  const verify = (authorization: string | undefined) =>
    opsgenie.verify(
      { headers: authorization === undefined ? {} : { authorization }, rawBody: createBytes },
      credential,
    );

  test("Authorization: Bearer <token>", () => {
    expect(verify(`Bearer ${fixtures.secret}`)).toEqual({ ok: true });
    expect(verify("Bearer not-the-token")).toMatchObject({ ok: false, code: "invalid_signature" });
    expect(verify(fixtures.secret)).toMatchObject({ ok: false, code: "invalid_signature" });
    expect(verify(undefined)).toMatchObject({ ok: false, code: "missing_signature" });
  });

  test("the action's identity: alert, action and updatedAt to the nanosecond; Idempotency-Key wins", () => {
    const body = decode(closeBytes);
    expect(opsgenie.deliveryId({ headers: {}, rawBody: closeBytes }, body)).toBe(
      "action:052652ac-5d1c-464a-812a-7dd18bbfba8c/Close/1420452374669001603",
    );
    expect(opsgenie.deliveryId({ headers: { "idempotency-key": "k" }, rawBody: closeBytes }, body)).toBe("k");
    expect(opsgenie.deliveryId({ headers: {}, rawBody: closeBytes }, { action: "Close" })).toBeUndefined();
  });
});

describe.each(engines)("an alert's life over HTTP on %s", (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startWebhookServer(await freshDatabaseUrl(engine), [
      {
        source: "opsgenie",
        name: "ops",
        secret: fixtures.secret,
        settings: { serviceMap: { web: "storefront" } },
      },
    ]);
  });
  afterAll(() => server.close());

  async function send(body: Buffer) {
    const res = await fetch(`${server.url}/webhooks/opsgenie/ops`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${fixtures.secret}` },
      body,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  test("Close, then Create, then Acknowledge (out of order), and Close again: one incident, exact instants", async () => {
    const tagged = edit(createBytes, '"vip"', '"vip", "service:web"');
    const ack = edit(
      edit(tagged, '"action":"Create"', '"action":"Acknowledge"'),
      '"updatedAt":1502709956288000110',
      '"updatedAt":1502710016288000110',
    );
    const close = edit(
      edit(tagged, '"action":"Create"', '"action":"Close"'),
      '"updatedAt":1502709956288000110',
      '"updatedAt":1502710556288999999',
    );
    expect((await send(close)).status).toBe(202);
    // The Close already said everything the Create says (Opsgenie repeats the alert in every action): nothing new.
    expect((await send(tagged)).body).toMatchObject({ status: "duplicate", accepted: 0 });
    expect((await send(ack)).status).toBe(202);
    const again = await send(close);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      status: "duplicate",
      deliveryId: "action:ec03dad6-62c8-4c94-b38b-d88f398e900f/Close/1502710556288999999",
    });
    const rows = await server.store.entityRows();
    expect(
      rows.incidents.find((r) => r.id === "opsgenie:ec03dad6-62c8-4c94-b38b-d88f398e900f"),
    ).toMatchObject({
      services: JSON.stringify(["storefront"]),
      detected_at: Date.parse("2017-08-14T11:25:56.288Z"),
      acknowledged_at: Date.parse("2017-08-14T11:26:56.288Z"),
      resolved_at: Date.parse("2017-08-14T11:35:56.288Z"),
    });
  });
});
