// The timeline as an SVG document: the option buildTimelineOption makes, drawn by ECharts'
// server-side SVG renderer (no DOM, no browser). ECharts escapes text it writes into the SVG;
// the plot tests hold it to that with hostile commit subjects and author names.

import { LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, MarkLineComponent, MarkPointComponent, TitleComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import type { SeriesView } from "../app/views/series-view.js";
import type { StackedSeriesView } from "../app/views/stacked-series.js";
import { buildTimelineOption, type TimelineMetric } from "../app/views/timeline-chart.js";

echarts.use([LineChart, GridComponent, LegendComponent, MarkLineComponent, MarkPointComponent, TitleComponent, SVGRenderer]);

export interface PlotSvgOptions {
  width: number;
  height: number;
}

export function renderPlotSvg(view: SeriesView, stacked: StackedSeriesView | null, metric: TimelineMetric, opts: PlotSvgOptions): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: opts.width, height: opts.height });
  try {
    chart.setOption({ backgroundColor: "#fff", ...buildTimelineOption(view, stacked, metric, { width: opts.width, height: opts.height }) });
    return `${chart.renderToSVGString()}\n`;
  } finally {
    chart.dispose();
  }
}
