// kbloat plot: the stored series drawn in the terminal, or written as an SVG file.

import { writeFileSync } from "node:fs";
import type { BuildRecord } from "../app/build-record.js";
import { pickRecipe, readSeries, readStackedSeries } from "../app/read-series.js";
import { orderStoredSeries, type SeriesView, seriesView } from "../app/views/series-view.js";
import type { StackedSeriesView } from "../app/views/stacked-series.js";
import { pointsWithMetric, requireMetric, type TimelineMetric } from "../app/views/timeline-chart.js";
import { UserError } from "../core/user-error.js";
import { formatBytes } from "../core/format-size.js";
import type { Context } from "./main.js";
import type { PlotRequest } from "./plot-command.js";
import { intOption } from "./recipe-options.js";
import { renderSeries } from "./render-series.js";
import { renderJson } from "./render-table.js";
import { renderTerminalChart, renderTerminalStack, terminalColumns } from "./render-terminal-chart.js";

export async function runPlot(ctx: Context, o: PlotRequest): Promise<void> {
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
  return recipes.filter(
    (r) =>
      pointsWithMetric(
        seriesView(
          r,
          orderStoredSeries(builds, r).map((record) => ({ record })),
        ),
        metric,
      ) > 0,
  );
}
