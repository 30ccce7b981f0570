import { expect, test } from "vitest";
import { REDACTED, redactPayload, redactSecretsInText } from "../ingest/redact.js";

test("credentials inside text are redacted; ordinary text is left alone", () => {
  expect(redactSecretsInText("https://bot:hunter2hunter2@github.com/acme/x.git")).toBe(
    `https://${REDACTED}@github.com/acme/x.git`,
  );
  expect(redactSecretsInText("https://ci.example.com/hook?token=abc123&x=1")).toBe(
    `https://ci.example.com/hook?token=${REDACTED}&x=1`,
  );
  expect(redactSecretsInText("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.x")).toBe(
    `Authorization: Bearer ${REDACTED}`,
  );
  expect(redactSecretsInText("use ghp_abcdefghijklmnopqrstuvwxyz0123 and glpat-abcdefghijklmnopqrst")).toBe(
    `use ${REDACTED} and ${REDACTED}`,
  );
  const plain = "Fix token refresh in the checkout (#42) — see https://github.com/acme/shop/pull/42";
  expect(redactSecretsInText(plain)).toBe(plain);
});

test("payloads: secret-looking keys, text anywhere, and a __proto__ key kept as a key", () => {
  const payload = JSON.parse(
    '{"hook":{"config":{"url":"https://x.example/h?access_token=zzz","secret":"s3cr3t"}},"__proto__":{"a":1},"n":5}',
  ) as unknown;
  const out = redactPayload(payload) as Record<string, unknown>;
  expect(JSON.stringify(out)).toBe(
    `{"hook":{"config":{"url":"https://x.example/h?access_token=${REDACTED}","secret":"${REDACTED}"}},"__proto__":{"a":1},"n":5}`,
  );
  expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
});
