/** Human-readable metric values, shared by the CLI tables and the first screen. */

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "no data";
  if (seconds < 90) return `${seconds.toFixed(0)} s`;
  if (seconds < 90 * 60) return `${(seconds / 60).toFixed(0)} min`;
  if (seconds < 36 * 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}

export function formatRate(rate: number | null): string {
  return rate === null ? "no data" : `${(rate * 100).toFixed(1)} %`;
}
