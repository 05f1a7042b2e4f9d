// ECharts, with only what the pages draw, through the SVG renderer (its labels are text the
// browser can find): the line chart, its axes, tooltip, plain legend, wheel and drag zoom (the
// slider and the scrolling legend cost 30 KB) and marks up front; the
// treemap comes in its own chunk, loaded by the build page only.

import { LineChart } from "echarts/charts";
import {
  DataZoomInsideComponent,
  GridComponent,
  LegendPlainComponent,
  MarkLineComponent,
  MarkPointComponent,
  TitleComponent,
  TooltipComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

echarts.use([
  LineChart,
  GridComponent,
  TooltipComponent,
  LegendPlainComponent,
  DataZoomInsideComponent,
  MarkPointComponent,
  MarkLineComponent,
  TitleComponent,
  SVGRenderer,
]);

export type Chart = echarts.ECharts;

let live: Chart[] = [];

/** A chart in `container`; the charts of the page before are disposed. */
export function createChart(container: HTMLElement): Chart {
  const chart = echarts.init(container, undefined, { renderer: "svg" });
  live.push(chart);
  return chart;
}

export async function loadTreemap(): Promise<void> {
  await import("./treemap.js");
}

export function disposeCharts(): void {
  for (const c of live) c.dispose();
  live = [];
}

window.addEventListener("resize", () => {
  for (const c of live) c.resize();
});
