import type { ReactNode } from "react";
import type { Tier, TrendEntry } from "../api-types";
import { Link } from "./Link";
import { TierBadge } from "./TierBadge";
import { Trend } from "./Trend";

/** One key metric: the value (a link to its events), its tier, what it is based on, its trend. */
export function MetricTile(props: {
  metric: string;
  title: string;
  value: string;
  /** the exact number from the API, for tests and copy-paste */
  raw: number | null;
  detail: ReactNode;
  tier?: Tier | null;
  benchmark: string;
  trend: TrendEntry | undefined;
  formatTrend: (v: number | null) => string;
  href: string;
  noData: string | null;
}) {
  return (
    <article
      className="tile"
      aria-labelledby={`tile-${props.metric}-title`}
      data-testid={`tile-${props.metric}`}
    >
      <header className="tile-head">
        <h3 id={`tile-${props.metric}-title`}>{props.title}</h3>
        {props.tier !== undefined && <TierBadge tier={props.tier} benchmark={props.benchmark} />}
      </header>
      <p className="tile-value">
        <Link
          href={props.href}
          label={`${props.title}: ${props.value}. Show the events behind it`}
          testId={`value-${props.metric}`}
        >
          <span data-value={props.raw ?? ""}>{props.value}</span>
        </Link>
      </p>
      <p className="tile-detail">{props.noData ?? props.detail}</p>
      <Trend trend={props.trend} format={props.formatTrend} />
    </article>
  );
}
