import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Config } from "../config.js";
import { StrideError } from "../errors.js";

/**
 * How connection secrets are stored (docs/decisions/0006-webhook-sources.md):
 * - HMAC schemes (GitHub, PagerDuty) need the secret itself to verify a signature, so it is encrypted with
 *   AES-256-GCM under the secrets key, bound to its connection id (a sealed secret copied to another connection
 *   does not open).
 * - Token schemes (GitLab, CDEvents) only compare, so the token is kept as HMAC-SHA256 under a random salt and
 *   compared in constant time; it can never be read back.
 * The key: STRIDE_SECRETS_KEY (32 bytes, base64 or hex), else the key file (STRIDE_SECRETS_KEY_FILE, default
 * `secrets.key` beside the SQLite database or ./.stride/secrets.key), generated with mode 0600 on first use.
 */

const SEALED = /^v1:([0-9a-f]{8}):([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]*)$/;
const HASHED = /^h1:([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)$/;

export interface SecretBox {
  /** the first 8 hex digits of SHA-256(key): names the key in errors and `stride doctor` */
  readonly keyId: string;
  seal(connectionId: string, secret: string): string;
  open(connectionId: string, sealed: string): Buffer;
}

/** The key file Stride uses when no key is configured. */
export function secretsKeyPath(config: Config): string {
  if (config.secretsKeyFile !== undefined) return resolve(config.secretsKeyFile);
  const url = config.databaseUrl;
  if (url.startsWith("sqlite:") && url !== "sqlite::memory:") {
    return join(dirname(resolve(url.slice("sqlite:".length))), "secrets.key");
  }
  return resolve(".stride", "secrets.key");
}

/**
 * The secret box of this configuration. `create`: generate the key file when there is neither a key nor a file
 * (adding a connection); otherwise a missing key is `secrets_key_unavailable` (verifying needs the key that sealed).
 */
export function loadSecretBox(config: Config, options: { create: boolean }): SecretBox {
  return secretBox(loadKey(config, options.create));
}

export function secretBox(key: Buffer): SecretBox {
  const keyId = createHash("sha256").update(key).digest("hex").slice(0, 8);
  return {
    keyId,
    seal(connectionId, secret) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(Buffer.from(connectionId));
      const data = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
      return `v1:${keyId}:${iv.toString("base64")}:${cipher.getAuthTag().toString("base64")}:${data.toString("base64")}`;
    },
    open(connectionId, sealed) {
      const m = SEALED.exec(sealed);
      if (m === null) throw unavailable(`the stored secret of ${connectionId} is not one Stride sealed`);
      if (m[1] !== keyId) {
        throw unavailable(
          `the secret of ${connectionId} was encrypted with key ${m[1]}, but the configured key is ${keyId}`,
        );
      }
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(m[2] ?? "", "base64"));
        decipher.setAAD(Buffer.from(connectionId));
        decipher.setAuthTag(Buffer.from(m[3] ?? "", "base64"));
        return Buffer.concat([decipher.update(Buffer.from(m[4] ?? "", "base64")), decipher.final()]);
      } catch {
        throw unavailable(`the secret of ${connectionId} does not decrypt with key ${keyId}`);
      }
    },
  };
}

/** A token's salted hash, for schemes that only compare. */
export function hashToken(token: string): string {
  const salt = randomBytes(16);
  return `h1:${salt.toString("base64")}:${digestOf(salt, token).toString("base64")}`;
}

/** Whether `given` is the token whose hash is `stored` (constant time). */
export function tokenMatches(stored: string, given: string): boolean {
  const m = HASHED.exec(stored);
  if (m === null) return false;
  const expected = Buffer.from(m[2] ?? "", "base64");
  const actual = digestOf(Buffer.from(m[1] ?? "", "base64"), given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function digestOf(salt: Buffer, token: string): Buffer {
  return createHmac("sha256", salt).update(token, "utf8").digest();
}

function loadKey(config: Config, create: boolean): Buffer {
  if (config.secretsKey !== undefined) return parseKey(config.secretsKey, "STRIDE_SECRETS_KEY");
  const path = secretsKeyPath(config);
  if (existsSync(path)) {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      throw unavailable(`cannot read the secrets key file ${path}: ${(error as Error).message}`);
    }
    return parseKey(text.trim(), path);
  }
  if (!create) {
    throw unavailable(`no secrets key: STRIDE_SECRETS_KEY is unset and ${path} does not exist`);
  }
  const key = randomBytes(32);
  try {
    mkdirSync(dirname(path), { recursive: true });
    // "wx": never overwrite a key another process wrote first (that key sealed its secrets).
    writeFileSync(path, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as { code?: string }).code === "EEXIST") return loadKey(config, false);
    throw unavailable(`cannot write the secrets key file ${path}: ${(error as Error).message}`);
  }
  return key;
}

function parseKey(text: string, where: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, "hex") : Buffer.from(text, "base64");
  if (key.length !== 32 || (!/^[0-9a-f]{64}$/i.test(text) && key.toString("base64") !== text)) {
    throw unavailable(`${where} is not a 32-byte key (44 base64 characters or 64 hex digits)`);
  }
  return key;
}

function unavailable(message: string): StrideError {
  return new StrideError(
    "secrets_key_unavailable",
    message,
    "set STRIDE_SECRETS_KEY (or restore the key file) to the key used when the connection was added, or rotate its secret",
  );
}
