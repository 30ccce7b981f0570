/** Secrets never reach the raw log: values under secret-looking keys are replaced before storing. */

const SECRET_KEY =
  /(pass(word)?|secret|token|api[-_]?key|authorization|private[-_]?key|credential|signature)/i;
export const REDACTED = "[redacted]";
const MAX_RAW_TEXT = 64 * 1024;

export function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    out[key] = SECRET_KEY.test(key) && typeof v !== "object" ? REDACTED : redactValue(v);
  }
  return out;
}

/** Text that did not parse is kept (it is what the source sent), cut to a bounded size. */
export function redactText(text: string): string {
  const cut = text.length > MAX_RAW_TEXT ? `${text.slice(0, MAX_RAW_TEXT)}…[truncated]` : text;
  return cut.replace(
    /("?(?:password|secret|token|api[-_]?key)"?\s*[:=]\s*)("[^"]*"|[^\s,}&]+)/gi,
    `$1"${REDACTED}"`,
  );
}

/** Credentials inside text: a URL's user:password@, secret query parameters, Authorization values, known token formats. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"']+@/gi;
const SECRET_PARAM =
  /([?&;](?:access_token|private_token|token|api[-_]?key|apikey|secret|client_secret|signature|sig|password|auth)=)[^&#\s"']+/gi;
const AUTH_VALUE = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
const KNOWN_TOKENS =
  /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,}|xox[abpr]-[A-Za-z0-9-]{10,})/g;

/** What every pattern above needs somewhere in the text: most text has none of it and is left at once. */
const MAYBE_SECRET = /:\/\/|=|bearer|basic|gh[pousr]_|github_pat_|glpat-|xox/i;

export function redactSecretsInText(text: string): string {
  if (text.length < 8 || !MAYBE_SECRET.test(text)) return text;
  return text
    .replace(URL_USERINFO, `$1${REDACTED}@`)
    .replace(SECRET_PARAM, `$1${REDACTED}`)
    .replace(AUTH_VALUE, `$1 ${REDACTED}`)
    .replace(KNOWN_TOKENS, REDACTED);
}

/**
 * A source's payload before it is stored: values under secret-looking keys (as redactValue), and secrets inside
 * any text (tokens in URLs, Authorization values, GitHub and GitLab token formats).
 */
export function redactPayload(value: unknown): unknown {
  if (typeof value === "string") return redactSecretsInText(value);
  if (Array.isArray(value)) return value.map(redactPayload);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const redacted = SECRET_KEY.test(key) && typeof v !== "object" ? REDACTED : redactPayload(v);
    // A payload's own "__proto__" key stays a key: assigning it would replace the copy's prototype instead.
    if (key === "__proto__") {
      Object.defineProperty(out, key, {
        value: redacted,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else out[key] = redacted;
  }
  return out;
}
