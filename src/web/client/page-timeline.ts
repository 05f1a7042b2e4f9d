// The timeline of one recipe: content bytes (or the image, size's dec, what could leave and
// the core) per revision, stacked by directory or subsystem if asked; a point opens its build,
// two picked points open their diff. A failed build is a gap whose reason shows on hover.

import type { IndexDoc } from "./types.js";
import type { SeriesView } from "../../app/views/series-view.js";
import type { StackedSeriesView } from "../../app/views/stacked-series.js";
import { buildTimelineOption, METRIC_LABEL, pointsWithMetric, TIMELINE_METRICS, type TimelineMetric } from "../../app/views/timeline-chart.js";
import { createChart, loadLineCharts } from "./charts.js";
import { fetchDoc, forget, Missing } from "./data.js";
import { dataTable, signed } from "./data-table.js";
import { el, picker, section } from "./dom.js";
import { href, type Route } from "./main.js";

export async function renderTimelinePage(view: HTMLElement, r: Route): Promise<void> {
  forget("api/index.json");
  const index = await fetchDoc<IndexDoc>("api/index.json");
  if (index.recipes.length === 0) return void view.append(emptyDatabase());
  const key = r.parts[1] ?? index.recipes[0].key;
  const recipe = index.recipes.find((x) => x.key === key);
  if (!recipe) throw new Missing(`no series ${key}; the series are: ${index.recipes.map((x) => `${x.recipe} (#/series/${x.key})`).join(", ")}`);
  forget(`api/series/${key}.json`);
  const series = await fetchDoc<SeriesView>(`api/series/${key}.json`);
  const metric = (TIMELINE_METRICS as string[]).includes(r.query.get("metric") ?? "") ? (r.query.get("metric") as TimelineMetric) : "content";
  const stack = r.query.get("stack") === "dir" || r.query.get("stack") === "subsystem" ? (r.query.get("stack") as "dir" | "subsystem") : "";
  const stacked = stack && metric === "content" ? await fetchDoc<StackedSeriesView>(`api/stacked/${key}/${stack}.json`) : null;
  const go = (q: Record<string, string>) => {
    location.hash = href(["series", key], { metric, stack, ...q });
  };

  const metrics = TIMELINE_METRICS.filter((m) => pointsWithMetric(series, m) > 0);
  const tools = el(
    "div",
    { class: "tools" },
    picker(
      "series",
      index.recipes.map((x) => ({ value: x.key, text: `${x.recipe} (${x.builds} builds)` })),
      key,
      (v) => {
        location.hash = href(["series", v]);
      },
      "pick-recipe",
    ),
    picker(
      "figure",
      metrics.map((m) => ({ value: m, text: METRIC_LABEL[m] })),
      metric,
      (v) => go({ metric: v }),
      "pick-metric",
    ),
    picker(
      "stack",
      [
        { value: "", text: "none" },
        { value: "dir", text: "by directory" },
        { value: "subsystem", text: "by subsystem" },
      ],
      stack,
      (v) => go({ stack: v, metric: "content" }),
      "pick-stack",
    ),
  );
  const pickNote = el("span", { class: "muted", id: "pick-note" }, "click a point to open its build; pick two to compare: ");
  const pickToggle = el("input", { type: "checkbox", id: "pick-two" });
  const chartBox = el("div", { class: "chart", id: "timeline" });
  view.append(el("h1", {}, `Timeline: ${series.recipe}`), tools, el("p", {}, pickNote, el("label", {}, pickToggle, " pick two points to diff")), chartBox);
  // the line chart's code comes in its own chunk, so that the build page does not load it
  void loadLineCharts().then(() => {
    const chart = createChart(chartBox);
    // before setOption: without animation the chart finishes within it
    chart.on("finished", () => exposePoints(chart, chartBox, series, stacked, metric));
    chart.setOption(buildTimelineOption(series, stacked, metric, { interactive: true, width: chartBox.clientWidth, height: chartBox.clientHeight }) as never);
    let picked: number | null = null;
    chart.on("click", (p) => {
      const point = series.builds[p.dataIndex as number];
      if (!point || p.componentType !== "series") return;
      if (!pickToggle.checked) return void (location.hash = href(["build", point.id]));
      if (picked === null || picked === point.id) {
        picked = point.id;
        pickNote.textContent = `base: ${point.name}; now pick the head: `;
        return;
      }
      location.hash = href(["diff", picked, point.id, "dir"]);
    });
  });
  view.append(section("Revisions", seriesTable(series)));
}

/** Where each point is drawn, on the chart's element: a script can click the real point. */
function exposePoints(chart: ReturnType<typeof createChart>, box: HTMLElement, s: SeriesView, stacked: StackedSeriesView | null, metric: TimelineMetric): void {
  const seriesIndex = stacked ? stacked.bands.length - 1 : 0;
  const option = chart.getOption() as { series: { data: (number | null)[] }[] };
  const data = option.series[seriesIndex]?.data ?? [];
  const points = s.builds.flatMap((b, i) => {
    // the bands are the first series; the culprits' marks ride on one of their own
    const v = stacked ? sumTo(option.series.slice(0, stacked.bands.length).map((x) => x.data[i])) : data[i];
    if (v === null || v === undefined) return [];
    const [x, y] = chart.convertToPixel({ seriesIndex }, [i, v]) as number[];
    return [{ id: b.id, name: b.name, x: Math.round(x), y: Math.round(y), metric }];
  });
  box.dataset.points = JSON.stringify(points);
}

function sumTo(values: (number | null)[]): number | null {
  return values.some((v) => v === null || v === undefined) ? null : values.reduce((a: number, v) => a + (v as number), 0);
}

function seriesTable(s: SeriesView): HTMLElement {
  const modular = s.builds.some((b) => b.could_leave !== null);
  return dataTable(
    s.builds,
    [
      { name: "build", value: (b) => b.id, numeric: true, link: (b) => href(["build", b.id]) },
      { name: "revision", value: (b) => b.name, link: (b) => href(["build", b.id]) },
      { name: "status", value: (b) => (b.status === "ok" ? "ok" : `failed (${b.failed_step}): ${b.cause ?? ""}`) },
      { name: "content", value: (b) => b.content, numeric: true },
      { name: "change", value: (b) => b.delta, numeric: true, show: (b) => signed(b.delta) },
      { name: "image", value: (b) => b.image, numeric: true },
      { name: "size dec", value: (b) => b.total, numeric: true },
      ...(modular
        ? [
            { name: "could leave", value: (b: SeriesView["builds"][number]) => b.could_leave, numeric: true },
            { name: "core", value: (b: SeriesView["builds"][number]) => b.core, numeric: true },
          ]
        : []),
    ],
    { id: "revisions", limit: 200 },
  );
}

export function emptyDatabase(): HTMLElement {
  return el(
    "div",
    { class: "empty", id: "empty" },
    el("h1", {}, "No builds yet"),
    el("p", {}, "This database holds no builds. Build one, then reload this page:"),
    el("pre", {}, "kbloat build linux-source-6.12.117.tar.xz --recipe tiny\nkbloat track linux-source-6.1.192.tar.xz linux-source-6.12.117.tar.xz"),
  );
}
