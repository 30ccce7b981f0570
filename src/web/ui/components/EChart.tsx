import { BarChart, HeatmapChart, LineChart } from "echarts/charts";
import {
  AriaComponent,
  CalendarComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
} from "echarts/components";
import { type EChartsCoreOption, init, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";
import { useDashboard } from "../dashboard-context";
import { chartPalette } from "../theme";
import type { ChartClick, Palette } from "./Chart";

use([
  BarChart,
  LineChart,
  HeatmapChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  VisualMapComponent,
  CalendarComponent,
  AriaComponent,
  CanvasRenderer,
]);

/** Apache ECharts in a div: created once per theme, updated with each option, resized with its box. */
export default function EChart(props: {
  caption: string;
  height: number;
  option: (palette: Palette) => EChartsCoreOption;
  onClick?: (click: ChartClick) => void;
}) {
  const { theme } = useDashboard();
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof init> | null>(null);
  const onClick = useRef(props.onClick);
  onClick.current = props.onClick;

  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const c = init(el, undefined, { renderer: "canvas" });
    chart.current = c;
    c.on("click", (p) => {
      const params = p as unknown as ChartClick;
      onClick.current?.(params);
    });
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  const palette = chartPalette[theme];
  const option = props.option(palette);
  useEffect(() => {
    chart.current?.setOption(
      {
        backgroundColor: "transparent",
        color: palette.series,
        textStyle: { color: palette.text },
        aria: { enabled: true, label: { description: props.caption } },
        animation: false,
        ...option,
      },
      { notMerge: true },
    );
  });

  return (
    <div
      ref={box}
      className="chart-box"
      style={{ height: props.height }}
      role="img"
      aria-label={props.caption}
    />
  );
}
