// kbloat plot: the timeline of a stored series without a browser, as a chart in the terminal
// or, with --output, an SVG file for a mail or a CI artifact.

import { type Command, Option } from "commander";
import { STACK_GRAINS, type StackGrain } from "../app/views/stacked-series.js";
import { TIMELINE_METRICS, type TimelineMetric } from "../app/views/timeline-chart.js";
import type { Context } from "./main.js";

export interface PlotRequest {
  recipe?: string;
  metric: TimelineMetric;
  by?: StackGrain;
  output?: string;
  width?: string;
  height?: string;
}

export function registerPlotCommand(program: Command, ctx: Context): void {
  program
    .command("plot")
    .description("the timeline of a stored series: a chart in the terminal, or an SVG file with --output")
    .option("--recipe <name>", "the recipe whose series to draw (default: the one with most builds)")
    .addOption(new Option("--metric <metric>", "the figure to draw").choices(TIMELINE_METRICS).default("content"))
    .addOption(new Option("--by <grain>", "content bytes stacked by top-level directory or subsystem").choices(STACK_GRAINS))
    .option("--output <file.svg>", "write the chart as an SVG file instead of printing it")
    .option("--width <n>", "SVG width in pixels (default 960), or the terminal chart's columns (default: the terminal's)")
    .option("--height <n>", "SVG height in pixels (default 480)")
    .action(async (o: PlotRequest) => (await import("./run-plot.js")).runPlot(ctx, o));
}
