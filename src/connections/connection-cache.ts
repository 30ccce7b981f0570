import { createHash, timingSafeEqual } from "node:crypto";
import type { Config } from "../config.js";
import type { Credential, SecretScheme } from "../sources/source.js";
import type { ConnectionRow } from "../store/connections-store.js";
import type { Store } from "../store/store.js";
import { loadSecretBox, type SecretBox, tokenMatches } from "./secret-box.js";

/**
 * Connections as the webhook route reads them: each row and its credential (secrets decrypted) kept for a moment,
 * so a stream of deliveries does not read the row and decrypt per request. Changes made through this process
 * (the API) apply at once; changes by another process (`stride connections` on the same database, another
 * instance) within TTL_MS.
 */
const TTL_MS = 2000;

interface Entry {
  row: ConnectionRow;
  credential: Credential;
  expires: number;
}

const caches = new WeakMap<Store, Map<string, Entry>>();

export async function cachedConnection(
  store: Store,
  config: Config,
  id: string,
  scheme: SecretScheme,
  now: number,
): Promise<{ row: ConnectionRow; credential: Credential } | undefined> {
  let cache = caches.get(store);
  if (cache === undefined) {
    cache = new Map();
    caches.set(store, cache);
  }
  const hit = cache.get(id);
  if (hit !== undefined && hit.expires > now) return hit;
  const row = await store.connections.get(id);
  if (row === undefined) {
    cache.delete(id);
    return undefined;
  }
  const entry = { row, credential: credentialOf(config, row, scheme, now), expires: now + TTL_MS };
  if (cache.size > 10_000) cache.clear();
  cache.set(id, entry);
  return entry;
}

export function forgetConnection(store: Store, id: string): void {
  caches.get(store)?.delete(id);
}

const boxes = new WeakMap<Config, SecretBox>();

/**
 * What a verifier may check a delivery against. HMAC secrets are decrypted (the key is loaded once per
 * configuration); token hashes are compared as they are.
 */
export function credentialOf(
  config: Config,
  row: ConnectionRow,
  scheme: "hmac" | "token",
  now: number,
): Credential {
  const stored = [row.secret];
  if (row.previousSecret !== null && row.previousUntil !== null && now < row.previousUntil) {
    stored.push(row.previousSecret);
  }
  if (scheme === "token") {
    return {
      secrets: [],
      matchesToken: (given) => stored.map((s) => tokenMatches(s, given)).some(Boolean),
    };
  }
  let box = boxes.get(config);
  if (box === undefined) {
    box = loadSecretBox(config, { create: false });
    boxes.set(config, box);
  }
  const opened = box;
  const secrets = stored.map((s) => opened.open(row.id, s));
  const digest = (b: Buffer) => createHash("sha256").update(b).digest();
  return {
    secrets,
    matchesToken(given) {
      const g = digest(Buffer.from(given, "utf8"));
      return secrets.map((s) => timingSafeEqual(digest(s), g)).some(Boolean);
    },
  };
}
