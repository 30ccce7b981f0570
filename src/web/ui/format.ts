import type { Tier } from "./api-types";

/** How numbers read on the dashboard; every value keeps its exact number in a data-value attribute. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "no data";
  const s = Math.abs(seconds);
  if (s < 60) return `${Math.round(seconds)} s`;
  if (s < 3600) return `${(seconds / 60).toFixed(s < 600 ? 1 : 0)} min`;
  if (s < 86_400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}

export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return "no data";
  return `${(rate * 100).toFixed(1)} %`;
}

export function formatNumber(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined) return "no data";
  return n.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function formatInstant(iso: string | null | undefined, tz: string | undefined): string {
  if (iso === null || iso === undefined) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: tz ?? "UTC",
    year: "numeric",
    month: "short",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(d);
}

export function ageSeconds(iso: string | null | undefined, now: number): number | null {
  if (iso === null || iso === undefined) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : (now - t) / 1000;
}

export function spanSeconds(from: string | null | undefined, to: string | null | undefined): number | null {
  if (!from || !to) return null;
  const a = Date.parse(from);
  const b = Date.parse(to);
  return Number.isNaN(a) || Number.isNaN(b) ? null : (b - a) / 1000;
}

export const tierLabel: Record<Tier, string> = { elite: "Elite", high: "High", medium: "Medium", low: "Low" };

export function shortSha(sha: string | null | undefined): string {
  return sha ? sha.slice(0, 8) : "—";
}
