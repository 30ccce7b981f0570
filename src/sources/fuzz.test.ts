import { request as httpRequest } from "node:http";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { errorCatalogue } from "../errors.js";
import type { TestServer } from "../testing/test-server.js";
import type { Fixture, SourceFixtures } from "./contract.fixture.js";
import { sources } from "./registry.js";
import { ignoreCodes } from "./source.js";
import { startWebhookServer } from "./webhook-server.fixture.js";

/**
 * Bad input never crashes Stride: every fixture of every source is mutated 200 times (truncated, garbled, fields
 * given wrong types or removed, wrong content types, oversized, headers dropped, signatures wrong, deliveries
 * replayed), each mutation signed as the source would sign it unless the mutation is the signature, and posted
 * over HTTP. Every answer is 200/202 (accepted, duplicate or ignored with a stable code) or a 4xx with a code from
 * the catalogue — never a 5xx — and the server still answers afterwards.
 */

const RUNS = 200;
const MAX_BODY = 64 * 1024;
const CONCURRENCY = 64;

const sets: SourceFixtures[] = await Promise.all(
  sources.map(async (source) => {
    const module = (await import(`./${source.name}/${source.name}.fixture.ts`)) as {
      fixtures: SourceFixtures;
    };
    return module.fixtures;
  }),
);

const strangeValue = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 40 }),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.constant(-1),
  fc.constant(1e308),
  fc.constant(2 ** 53 + 2),
  fc.constant(""),
  fc.constant("2026-13-45T99:99:99"),
  fc.constant("2026-03-01 12:00"),
  fc.constant("x".repeat(5000)),
  fc.constant("\u0000\u0001\n\t"),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
);

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    kind: fc.constant("garble" as const),
    positions: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
    byte: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({ kind: fc.constant("retype" as const), path: fc.nat(), value: strangeValue }),
  fc.record({ kind: fc.constant("delete" as const), path: fc.nat() }),
  fc.record({
    kind: fc.constant("contentType" as const),
    type: fc.constantFrom(
      "text/plain",
      "application/xml",
      "multipart/form-data; boundary=x",
      "application/x-www-form-urlencoded",
      "application/cloudevents+json",
      "application/cloudevents-batch+json",
      "",
    ),
  }),
  fc.record({ kind: fc.constant("huge" as const) }),
  fc.record({ kind: fc.constant("dropHeaders" as const), mask: fc.nat() }),
  fc.record({ kind: fc.constant("badSignature" as const), garbage: fc.boolean() }),
  fc.record({ kind: fc.constant("replay" as const) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

interface Delivery {
  body: Buffer;
  headers: Record<string, string>;
  /** sign the final body with this secret (undefined: leave the signature headers as they are) */
  secret: string | undefined;
  replay: boolean;
}

/** Every path in a JSON value (objects and arrays), for picking a field to change. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      const path = [...prefix, Array.isArray(value) ? Number(key) : key];
      out.push(path);
      paths(child, path, out);
    }
  }
  return out;
}

function edit(json: unknown, pick: number, change: (parent: Record<string, unknown>, key: string) => void) {
  const all = paths(json);
  const path = all[pick % Math.max(all.length, 1)];
  if (path === undefined) return;
  let parent = json as Record<string, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[String(key)] as Record<string, unknown>;
  change(parent, String(path.at(-1)));
}

/** The payload JSON inside a body (GitHub's form-encoded deliveries carry it in `payload`), and how to put it back. */
function openBody(body: Buffer, headers: Record<string, string>) {
  const form = headers["content-type"] === "application/x-www-form-urlencoded";
  try {
    const text = form ? (new URLSearchParams(body.toString()).get("payload") ?? "") : body.toString();
    const json: unknown = JSON.parse(text);
    const close = (value: unknown) =>
      Buffer.from(
        form ? new URLSearchParams({ payload: JSON.stringify(value) }).toString() : JSON.stringify(value),
      );
    return { json, close };
  } catch {
    return undefined;
  }
}

function apply(set: SourceFixtures, fixture: Fixture, mutations: Mutation[]): Delivery {
  const d: Delivery = {
    body: fixture.body,
    headers: { ...fixture.headers },
    secret: set.secret,
    replay: false,
  };
  for (const m of mutations) {
    switch (m.kind) {
      case "truncate":
        d.body = d.body.subarray(0, Math.floor(d.body.length * m.at));
        break;
      case "garble": {
        const copy = Buffer.from(d.body);
        for (const p of m.positions) if (copy.length > 0) copy[p % copy.length] = m.byte;
        d.body = copy;
        break;
      }
      case "retype":
      case "delete": {
        const opened = openBody(d.body, d.headers);
        if (opened === undefined) break;
        edit(opened.json, m.path, (parent, key) => {
          if (m.kind === "delete") delete parent[key];
          else parent[key] = m.value;
        });
        d.body = opened.close(opened.json);
        break;
      }
      case "contentType":
        if (m.type === "") delete d.headers["content-type"];
        else d.headers["content-type"] = m.type;
        break;
      case "huge":
        d.body = Buffer.concat([d.body, Buffer.alloc(MAX_BODY + 1, 0x20)]);
        break;
      case "dropHeaders": {
        const names = Object.keys(d.headers);
        d.headers = Object.fromEntries(
          names.filter((_n, i) => ((m.mask >> i) & 1) === 0).map((n) => [n, d.headers[n] ?? ""]),
        );
        if ((m.mask >> names.length) & 1) d.secret = undefined;
        break;
      }
      case "badSignature":
        d.secret = m.garbage ? undefined : "a-wrong-secret-for-this-connection";
        if (m.garbage) d.headers = { ...d.headers, ...garbageSignature(set) };
        break;
      case "replay":
        d.replay = true;
        break;
    }
  }
  return d;
}

/** The signature headers with nonsense values. */
function garbageSignature(set: SourceFixtures): Record<string, string> {
  const signed = set.sign(Buffer.from("x"), "x", "x");
  return Object.fromEntries(
    Object.keys(signed)
      .filter((name) => !set.source.deliveryIdHeaders.includes(name))
      .map((name) => [name, "sha256=zz, v1=, Bearer"]),
  );
}

/** A raw HTTP POST (fetch would add a content type of its own when the mutation removed it). */
function post(
  url: string,
  body: Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: "POST", headers: { ...headers, "content-length": body.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const codes = new Set<string>([...Object.keys(errorCatalogue), ...Object.keys(ignoreCodes)]);

let server: TestServer;
beforeAll(async () => {
  server = await startWebhookServer(
    "sqlite::memory:",
    sets.map((set) => ({ source: set.source.name, name: "fuzz", secret: set.secret })),
    { maxBodyBytes: MAX_BODY },
  );
});
afterAll(() => server.close());

describe.each(sets)("$source.name under mutation", (set) => {
  test(`every fixture, ${RUNS} mutations each: 2xx or a 4xx with a stable code, never a 5xx`, async () => {
    const url = `${server.url}/webhooks/${set.source.name}/fuzz`;
    const seen = new Map<number, number>();
    let n = 0;
    for (const [f, fixture] of set.all.entries()) {
      const samples = fc.sample(fc.array(mutation, { minLength: 1, maxLength: 3 }), {
        numRuns: RUNS,
        seed: 1000 + f,
      });
      const deliveries = samples.map((mutations, i) => {
        const d = apply(set, fixture, mutations);
        const deliveryId = d.replay ? `fuzz-replay-${f}` : `fuzz-${f}-${i}`;
        const signed = set.sign(d.body, d.secret ?? "unused", deliveryId);
        const headers =
          d.secret === undefined ? { ...d.headers, ...onlyIds(set, signed) } : { ...d.headers, ...signed };
        return { mutations, body: d.body, headers };
      });
      for (let i = 0; i < deliveries.length; i += CONCURRENCY) {
        const batch = deliveries.slice(i, i + CONCURRENCY);
        const answers = await Promise.all(batch.map((d) => post(url, d.body, d.headers)));
        answers.forEach((answer, k) => {
          const context = `${fixture.name} ${JSON.stringify(batch[k]?.mutations).slice(0, 300)} → ${answer.status} ${answer.text.slice(0, 300)}`;
          n++;
          seen.set(answer.status, (seen.get(answer.status) ?? 0) + 1);
          expect(answer.status, context).toBeLessThan(500);
          const body = JSON.parse(answer.text) as {
            error?: { code?: string };
            code?: string;
            status?: string;
          };
          if (answer.status >= 400) expect(codes.has(body.error?.code ?? ""), context).toBe(true);
          else if (answer.status === 202 && body.code !== undefined)
            expect(codes.has(body.code), context).toBe(true);
          else expect(["accepted", "duplicate"], context).toContain(body.status);
        });
      }
    }
    expect(n).toBe(set.all.length * RUNS);
    // The mutations reach every stage: some are refused by signature, some by shape, some still map.
    expect(seen.get(401) ?? 0).toBeGreaterThan(0);
    expect(seen.get(400) ?? 0).toBeGreaterThan(0);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
  });
});

function onlyIds(set: SourceFixtures, signed: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(signed).filter(([name]) => set.source.deliveryIdHeaders.includes(name)),
  );
}
