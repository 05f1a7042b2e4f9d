// ECharts, with only what the pages draw, through the SVG renderer (its labels are text the
// browser can find). Here: the core, the renderer and the tooltip every chart has. The line
// chart of the timeline (with its axes, legend, wheel and drag zoom and marks) and the treemap
// of the build page come in chunks of their own, so that each page loads only its chart.

import { TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

echarts.use([TooltipComponent, SVGRenderer]);

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

export async function loadLineCharts(): Promise<void> {
  await import("./line-charts.js");
}

export function disposeCharts(): void {
  for (const c of live) c.dispose();
  live = [];
}

window.addEventListener("resize", () => {
  for (const c of live) c.resize();
});
