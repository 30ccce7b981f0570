import type { EChartsCoreOption } from "echarts/core";
import { lazy, Suspense } from "react";
import type { chartPalette } from "../theme";

export type Palette = (typeof chartPalette)["light"];
export interface ChartClick {
  dataIndex: number;
  seriesIndex?: number;
  value?: unknown;
  name?: string;
}

// ECharts is loaded after the first paint, so tiles and tables never wait for it.
const EChart = lazy(() => import("./EChart"));

/** A chart with a caption; its data is also in a table next to it (screen readers, CSV). */
export function Chart(props: {
  id: string;
  caption: string;
  height: number;
  option: (palette: Palette) => EChartsCoreOption;
  onClick?: (click: ChartClick) => void;
}) {
  return (
    <figure className="chart" data-testid={`chart-${props.id}`}>
      <figcaption>{props.caption}</figcaption>
      <Suspense fallback={<div className="chart-box" style={{ height: props.height }} />}>
        <EChart {...props} />
      </Suspense>
    </figure>
  );
}
