import { byName, type Fixture, fixtureFile, type SourceFixtures } from "../contract.fixture.js";
import { opsgenie } from "./index.js";

/** zulip's captured Opsgenie webhook deliveries: an alert's Create and another alert's Close. */
const captured = ["zulip-opsgenie/create.json", "zulip-opsgenie/close.json"].map((path) =>
  fixtureFile(path, { "content-type": "application/json" }),
);

const create = byName(captured, "zulip-opsgenie/create.json");

/**
 * An action Stride does not read: the captured Create delivery with its action renamed AddNote (in the bytes, so the
 * nanosecond updatedAt stays exactly as Opsgenie wrote it). The fixture file itself is not changed.
 */
const addNote: Fixture = {
  name: "zulip-opsgenie/create.json (action AddNote)",
  body: Buffer.from(create.body.toString("utf8").replace('"action":"Create"', '"action":"AddNote"')),
  headers: create.headers,
};
if (addNote.body.equals(create.body)) throw new Error("zulip-opsgenie/create.json no longer says Create");

const all = [...captured, addNote];

export const fixtures: SourceFixtures = {
  source: opsgenie,
  secret: "opsgenie-token-for-tests-0123",
  sign: (_body, secret, deliveryId) => ({ authorization: `Bearer ${secret}`, "idempotency-key": deliveryId }),
  all,
  mapped: create,
  unused: addNote,
};
