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
