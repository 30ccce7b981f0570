import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadConfig } from "../config.js";
import { hashToken, loadSecretBox, secretBox, secretsKeyPath, tokenMatches } from "./secret-box.js";

function configIn(dir: string, extra: Record<string, string> = {}) {
  return loadConfig({ env: {}, flags: { databaseUrl: `sqlite:${join(dir, "stride.db")}`, ...extra } });
}

describe("secret box", () => {
  test("the key file is generated beside the SQLite database on first use, readable by its owner only", () => {
    const dir = mkdtempSync(join(tmpdir(), "stride-key-"));
    const config = configIn(dir);
    expect(secretsKeyPath(config)).toBe(join(dir, "secrets.key"));
    expect(() => loadSecretBox(config, { create: false })).toThrow(/no secrets key/);
    const box = loadSecretBox(config, { create: true });
    expect(statSync(join(dir, "secrets.key")).mode & 0o777).toBe(0o600);
    const sealed = box.seal("github/acme", "s3cret-value-long-enough");
    expect(sealed).not.toContain("s3cret");
    expect(loadSecretBox(config, { create: false }).open("github/acme", sealed).toString()).toBe(
      "s3cret-value-long-enough",
    );
  });

  test("a sealed secret opens only for its connection, and only with its key", () => {
    const box = secretBox(randomBytes(32));
    const sealed = box.seal("github/acme", "secret-0123456789");
    expect(() => box.open("github/other", sealed)).toThrow(/does not decrypt/);
    expect(() => secretBox(randomBytes(32)).open("github/acme", sealed)).toThrow(/encrypted with key/);
  });

  test("STRIDE_SECRETS_KEY (base64 or hex) wins over the file; a malformed one is secrets_key_unavailable", () => {
    const dir = mkdtempSync(join(tmpdir(), "stride-key-"));
    const key = randomBytes(32);
    const fromEnv = loadSecretBox(configIn(dir, { secretsKey: key.toString("base64") }), { create: false });
    const fromHex = loadSecretBox(configIn(dir, { secretsKey: key.toString("hex") }), { create: false });
    expect(fromEnv.keyId).toBe(fromHex.keyId);
    expect(() => loadSecretBox(configIn(dir, { secretsKey: "too-short" }), { create: false })).toThrow(
      expect.objectContaining({ code: "secrets_key_unavailable" }),
    );
    writeFileSync(join(dir, "secrets.key"), "garbage\n");
    expect(() => loadSecretBox(configIn(dir), { create: true })).toThrow(/not a 32-byte key/);
    expect(readFileSync(join(dir, "secrets.key"), "utf8")).toBe("garbage\n");
  });

  test("tokens are salted hashes, compared in constant time", () => {
    const a = hashToken("gitlab-token-0123456789");
    const b = hashToken("gitlab-token-0123456789");
    expect(a).not.toBe(b);
    expect(tokenMatches(a, "gitlab-token-0123456789")).toBe(true);
    expect(tokenMatches(a, "gitlab-token-012345678")).toBe(false);
    expect(tokenMatches("not a hash", "x")).toBe(false);
  });
});
