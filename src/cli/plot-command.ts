// kbloat plot: the timeline of a stored series without a browser, as a chart in the terminal
// or, with --output, an SVG file for a mail or a CI artifact.

import { writeFileSync } from "node:fs";
import { type Command, Option } from "commander";
import type { BuildRecord } from "../app/build-record.js";
import { pickRecipe, readSeries, readStackedSeries } from "../app/read-series.js";
import { orderStoredSeries, type SeriesView, seriesView } from "../app/views/series-view.js";
import { STACK_GRAINS, type StackGrain, type StackedSeriesView } from "../app/views/stacked-series.js";
import { pointsWithMetric, requireMetric, TIMELINE_METRICS, type TimelineMetric } from "../app/views/timeline-chart.js";
import { UserError } from "../core/user-error.js";
import { formatBytes } from "../core/format-size.js";
import type { Context } from "./main.js";
import { intOption } from "./recipe-options.js";
import { renderSeries } from "./render-series.js";
import { renderJson } from "./render-table.js";
import { renderTerminalChart, renderTerminalStack, terminalColumns } from "./render-terminal-chart.js";

interface PlotRequest {
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
    .action((o: PlotRequest) => plot(ctx, o));
}

async function plot(ctx: Context, o: PlotRequest): Promise<void> {
  const out = (s: string) => ctx.io.stdout.write(s);
  if (o.by && o.metric !== "content") throw new UserError(`--by stacks content bytes; it does not go with --metric ${o.metric}`, "drop --metric, or drop --by");
  if (o.height !== undefined && o.output === undefined) throw new UserError("--height is the SVG's height: it goes with --output FILE.svg");
  const format = ctx.format();
  // plot only reads: a database that is not there is an error, not a new empty one
  const store = ctx.readStore();
  const recipe = await pickRecipe(store, o.recipe);
  const view = await readSeries(store, recipe);
  requireMetric(view, o.metric, recipesWithMetric(await store.listBuilds(), o.metric));
  const stacked = o.by ? await readStackedSeries(store, recipe, o.by) : null;
  if (stacked && !stacked.builds.length) {
    throw new UserError(`no build of ${recipe} has its objects stored, so there are no bands to draw`, "drop --by to draw content bytes as one line");
  }
  if (format === "json") return out(renderJson(stacked ?? view));
  if (format !== "text") return out(renderSeries(view, format));
  if (o.output !== undefined) return out(writePlot(o.output, view, stacked, o, await import("./render-plot-svg.js")));
  const width = o.width === undefined ? terminalColumns(ctx.io.stdout as { isTTY?: boolean; columns?: number }) : sized("--width", o.width, 40, 1000);
  out(stacked ? renderTerminalStack(view, stacked, { width }) : renderTerminalChart(view, o.metric, { width }));
}

function writePlot(file: string, view: SeriesView, stacked: StackedSeriesView | null, o: PlotRequest, svg: typeof import("./render-plot-svg.js")): string {
  const width = o.width === undefined ? 960 : sized("--width", o.width, 200, 10000);
  const height = o.height === undefined ? 480 : sized("--height", o.height, 150, 10000);
  const text = svg.renderPlotSvg(view, stacked, o.metric, { width, height });
  try {
    writeFileSync(file, text);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === "EISDIR" ? "it is a directory" : (e as Error).message;
    throw new UserError(`cannot write ${file}: ${why}`, "give --output a file path in a directory you can write, e.g. --output timeline.svg");
  }
  const points = pointsWithMetric(view, o.metric);
  const failed = view.builds.filter((p) => p.status === "failed").length;
  const what = stacked ? `content by ${stacked.by}` : o.metric;
  const marks = view.culprits.length ? `, ${view.culprits.length} culprit${view.culprits.length === 1 ? "" : "s"} marked` : "";
  const counted = `${points} point${points === 1 ? "" : "s"}${failed ? ` (${failed} failed)` : ""}${marks}`;
  return `wrote ${file}: ${what} of ${view.recipe}, ${counted}, ${formatBytes(Buffer.byteLength(text))}\n`;
}

function sized(name: string, v: string, min: number, max: number): number {
  const n = intOption(name, v);
  if (n < min || n > max) throw new UserError(`${name} ${n} is out of range`, `give ${name} a number from ${min} to ${max}`);
  return n;
}

/** The stored recipes that have a figure for the metric, for the error that says where it is. */
function recipesWithMetric(builds: BuildRecord[], metric: TimelineMetric): string[] {
  const recipes = [...new Set(builds.map((b) => b.recipe))];
  return recipes.filter((r) => pointsWithMetric(seriesView(r, orderStoredSeries(builds, r).map((record) => ({ record }))), metric) > 0);
}
