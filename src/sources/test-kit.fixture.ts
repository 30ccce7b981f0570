import { byName, type Fixture } from "./contract.fixture.js";
import type { Credential, MapResult, Source, StrideEventInput } from "./source.js";

/** Set-up the <source>.test.ts files share: fixture payloads, deliveries to map, credentials, derived payloads. */

/** A JSON fixture's payload. */
export function fixtureJson(all: readonly Fixture[], name: string): Record<string, unknown> {
  return JSON.parse(byName(all, name).body.toString()) as Record<string, unknown>;
}

/** Maps `body` as a delivery with these headers (lower-case names), as the pipeline would after verifying it. */
export function mapDelivery(
  source: Source,
  body: unknown,
  headers: Record<string, string> = {},
  settings: Record<string, unknown> = {},
): MapResult {
  return source.map({ headers, body, deliveryId: "d" }, settings);
}

/** The events of a result that must have some. */
export function eventsOf(result: MapResult): StrideEventInput[] {
  if (result.outcome !== "events") throw new Error(`expected events, got ${JSON.stringify(result)}`);
  return result.events;
}

/** A deep copy of `value`, changed. */
export function derive<T>(value: T, change: (copy: T) => void): T {
  const copy = structuredClone(value);
  change(copy);
  return copy;
}

/** A connection whose one HMAC secret is `secret`. */
export function hmacCredential(secret: string): Credential {
  return { secrets: [Buffer.from(secret)], matchesToken: () => false };
}
