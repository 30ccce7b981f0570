import type { TrendEntry } from "../api-types";

/** The change against the previous window of the same length, in words and an arrow. */
export function Trend(props: { trend: TrendEntry | undefined; format: (v: number | null) => string }) {
  const t = props.trend;
  if (t === undefined || t.direction === null || t.previous === null)
    return <p className="trend">no previous period to compare</p>;
  const arrow = t.change === null || t.change === 0 ? "→" : t.change > 0 ? "↑" : "↓";
  return (
    <p className={`trend trend-${t.direction}`}>
      <span aria-hidden="true">{arrow} </span>
      {t.direction} · previous period {props.format(t.previous)}
    </p>
  );
}
