/** Orders severities most severe first: sev1/P1/SEV-1 by number, then words (critical, high, …), then none. */
export function severityRank(severity: string | null | undefined): number {
  if (!severity) return 1000;
  const s = severity.toLowerCase();
  const n = /(\d+)/.exec(s)?.[1];
  if (n !== undefined) return Number(n);
  const words: Record<string, number> = {
    critical: 0,
    blocker: 0,
    major: 1,
    high: 1,
    medium: 2,
    moderate: 2,
    minor: 3,
    low: 3,
    info: 4,
  };
  return words[s] ?? 500;
}

export function bySeverity<T>(get: (item: T) => string | null | undefined): (a: T, b: T) => number {
  return (a, b) => severityRank(get(a)) - severityRank(get(b));
}
