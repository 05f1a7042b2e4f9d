// The timeline of a Series as an ECharts option: `plot` renders it to SVG on the server, the
// timeline page draws the same option in the browser. Pure: it returns a plain option object
// (functions for the axis and tooltip formatters included) and imports neither echarts nor node.
//
// Components it uses: LineChart, GridComponent, TitleComponent, LegendComponent, MarkPointComponent and
// MarkLineComponent; with `interactive`, also TooltipComponent and DataZoomComponent (the page
// registers those).

import { formatCount, formatSignedCount } from "../../core/format-size.js";
import { UserError } from "../../core/user-error.js";
import type { SeriesPointView, SeriesView } from "./series-view.js";
import type { StackedSeriesView } from "./stacked-series.js";

export type TimelineMetric = "content" | "image" | "size" | "could-leave" | "core";
export const TIMELINE_METRICS: TimelineMetric[] = ["content", "image", "size", "could-leave", "core"];

/** What each metric is, as a chart's axis or a chart's header says it. */
export const METRIC_LABEL: Record<TimelineMetric, string> = {
  content: "content bytes",
  image: "boot image bytes",
  size: "size (dec) bytes",
  "could-leave": "bytes that could leave",
  core: "core bytes",
};

const MODULAR_ONLY: TimelineMetric[] = ["could-leave", "core"];

/** A point's figure for a metric; null when the build failed or does not have it. */
export function metricValue(p: SeriesPointView, metric: TimelineMetric): number | null {
  if (metric === "content") return p.content;
  if (metric === "image") return p.image;
  if (metric === "size") return p.total;
  if (metric === "could-leave") return p.could_leave;
  return p.core;
}

export function pointsWithMetric(view: SeriesView, metric: TimelineMetric): number {
  return view.builds.filter((p) => metricValue(p, metric) !== null).length;
}

/** A metric no build of the series has is an error that says which recipes have it. */
export function requireMetric(view: SeriesView, metric: TimelineMetric, recipesWithIt: string[]): void {
  if (pointsWithMetric(view, metric) > 0) return;
  const why = MODULAR_ONLY.includes(metric) ? `${metric} is stored for +mod recipes only` : `${metric} is not stored`;
  const fix = recipesWithIt.length
    ? `stored recipes that have it: ${recipesWithIt.join(", ")} (kbloat plot --recipe ${recipesWithIt[0]} --metric ${metric})`
    : MODULAR_ONLY.includes(metric)
      ? `no stored recipe has it: track a +mod recipe (kbloat track SOURCE A..B --recipe ${view.recipe}+mod), or pick --metric content`
      : "no stored build has it: pick another --metric (content is the default)";
  throw new UserError(`${why}, and no build of ${view.recipe} has it`, fix);
}

const HTML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text for an HTML tooltip: what a commit subject or an author says stays text. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

const UNITS = [
  { div: 1024 * 1024, name: "MiB" },
  { div: 1024, name: "KiB" },
  { div: 1, name: "B" },
];

/**
 * The y axis in bytes, ticked at round KiB or MiB (1, 2 or 5 × a power of ten of the unit), with
 * `headroom` (a fraction of the figures' span) above the largest for the culprits' labels.
 */
export function bytesAxis(values: (number | null)[], fromZero: boolean, headroom = 0.15) {
  const known = values.filter((v): v is number => v !== null);
  const top = Math.max(0, ...known);
  const low = fromZero ? 0 : Math.min(top, ...known);
  const span = top - low || Math.max(1, top / 10);
  const unit = UNITS.find((u) => top >= u.div) ?? UNITS[2];
  const raw = span / 5 / unit.div;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, ([1, 2, 5, 10].find((n) => n * pow >= raw) ?? 10) * pow * unit.div);
  const decimals = Math.max(0, Math.ceil(-Math.log10(step / unit.div) - 1e-9));
  const label = (v: number) => `${(v / unit.div).toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals })} ${unit.name}`;
  return {
    min: Math.max(0, Math.floor(low / step) * step),
    max: Math.ceil((top + span * headroom) / step) * step,
    interval: step,
    axisLabel: { formatter: label },
  };
}

interface LineSpec {
  name: string;
  values: (number | null)[];
  stack?: boolean;
}

function metricLines(view: SeriesView, metric: TimelineMetric): LineSpec[] {
  const line = (name: string, m: TimelineMetric) => ({ name, values: view.builds.map((p) => metricValue(p, m)) });
  const lines = [line(metric, metric)];
  if (metric === "content" && pointsWithMetric(view, "could-leave") > 0) lines.push(line("could leave", "could-leave"), line("core", "core"));
  return lines;
}

function stackedLines(view: SeriesView, stacked: StackedSeriesView): LineSpec[] {
  const byId = new Map(stacked.builds.map((b) => [b.id, b.values]));
  return stacked.bands.map((band, i) => ({ name: band, stack: true, values: view.builds.map((p) => byId.get(p.id)?.[i] ?? null) }));
}

/** The culprits at each point: "+8,192 init: add a table (Kernel Dev)", one line each. */
function culpritsAt(view: SeriesView, values: (number | null)[]): { i: number; lines: string[] }[] {
  const at = new Map<number, string[]>();
  for (const c of view.culprits) {
    const i = view.builds.findIndex((p) => p.id === c.build);
    if (i < 0 || values[i] === null) continue;
    at.set(i, [...(at.get(i) ?? []), `${formatSignedCount(c.delta)} ${clip(c.subject, 48)} (${clip(c.author, 32)})`]);
  }
  const fold = (lines: string[]) => (lines.length > 3 ? [...lines.slice(0, 2), `and ${lines.length - 2} more`] : lines);
  return [...at.entries()].sort((x, y) => x[0] - y[0]).map(([i, lines]) => ({ i, lines: fold(lines) }));
}

/** the series that carries the culprits' marks (not a line: no legend entry, no tooltip row) */
export const CULPRITS_SERIES = "culprits";

const LABEL_FONT = 11;
const LANE_PX = 16;
/** a little more than ECharts' own estimate of a sans-serif character, so that labels keep apart */
const CHAR_PX = LABEL_FONT * 0.6;

/** Where the plot area is, in pixels, for the size the chart is drawn at. */
function plotFrame(view: SeriesView, width: number, height: number, gridTop: number) {
  const rotated = view.builds.length > 6;
  const xLabels = rotated ? Math.min(120, 8 + Math.max(...view.builds.map((p) => p.name.length)) * 3.2) : 20;
  const left = 24 + 64;
  const plotW = Math.max(100, width - left - 40);
  return { left, right: left + plotW, x: (i: number) => left + ((i + 0.5) * plotW) / view.builds.length, h: Math.max(60, height - gridTop - 24 - xLabels) };
}

interface Placed {
  i: number;
  lines: string[];
  lane: number;
  align: "left" | "right";
  x: number;
  x0: number;
  x1: number;
}

/**
 * The culprits' labels in lanes above the figures, each joined to its point by a leader: in the
 * lowest lane where it overlaps no other label, its leader crosses no label and no leader crosses
 * it (or, when that cannot be had, crosses the fewest). A label runs rightwards from its point,
 * or leftwards when it would leave the chart.
 */
function layCulpritLanes(marks: { i: number; lines: string[] }[], frame: ReturnType<typeof plotFrame>): Placed[] {
  const sized = marks.map((m) => {
    const x = frame.x(m.i);
    const room = { left: frame.right + 30 - x, right: x - frame.left };
    const want = Math.max(...m.lines.map((l) => l.length)) * CHAR_PX + 8;
    const align: Placed["align"] = want <= room.left || room.left >= room.right ? "left" : "right";
    // a label wider than the chart is cut to the room it has
    const lines = m.lines.map((l) => clip(l, Math.max(8, Math.floor((room[align] - 8) / CHAR_PX))));
    const w = Math.max(...lines.map((l) => l.length)) * CHAR_PX + 8;
    return { i: m.i, lines, x, align, x0: align === "left" ? x - 4 : x - w, x1: align === "left" ? x + w : x + 4 };
  });
  // a label goes above the points it covers: place those first (rightward labels from the right)
  const order = [...sized.filter((m) => m.align === "right"), ...sized.filter((m) => m.align === "left").reverse()];
  const placed: Placed[] = [];
  for (const m of order) {
    const h = m.lines.length;
    const conflicts = (k: number) =>
      placed.reduce((n, p) => {
        const overlap = !(p.x1 + 6 < m.x0 || m.x1 + 6 < p.x0 || p.lane + p.lines.length <= k || k + h <= p.lane);
        const myLeader = p.lane < k && m.x >= p.x0 && m.x <= p.x1;
        const theirLeader = p.lane >= k + h && p.x >= m.x0 && p.x <= m.x1;
        return n + (overlap ? 100 : 0) + (myLeader ? 1 : 0) + (theirLeader ? 1 : 0);
      }, 0);
    const lanes = [...Array(Math.max(0, ...placed.map((p) => p.lane + p.lines.length)) + 1).keys()];
    const lane = lanes.reduce((best, k) => (conflicts(k) < conflicts(best) ? k : best), lanes[0]);
    placed.push({ ...m, lane });
  }
  return placed.sort((a, b) => a.i - b.i);
}

const LANE_LABEL = {
  show: true,
  position: "inside",
  verticalAlign: "bottom",
  formatter: (m: { value: string }) => m.value,
  fontSize: LABEL_FONT,
  lineHeight: LANE_PX,
  color: "#333",
};

/** The culprits as a series of their own: a dot at each marked point, a leader up to its label. */
function culpritSeries(placed: Placed[], values: (number | null)[], laneValue: (lane: number) => number) {
  const dots = placed.map((p) => ({ coord: [p.i, values[p.i]], symbol: "circle", symbolSize: 9, label: { show: false } }));
  const labels = placed.map((p) => ({
    coord: [p.i, laneValue(p.lane)],
    symbol: "circle",
    symbolSize: 0,
    value: p.lines.join("\n"),
    label: { ...LANE_LABEL, align: p.align },
  }));
  const leaders = placed.map((p) => [{ coord: [p.i, values[p.i]] }, { coord: [p.i, laneValue(p.lane)] }]);
  return {
    name: CULPRITS_SERIES,
    type: "line" as const,
    data: values.map(() => null),
    silent: true,
    markPoint: { data: [...dots, ...labels], itemStyle: { color: "#c23531" } },
    markLine: { symbol: "none", silent: true, label: { show: false }, lineStyle: { type: "solid" as const, color: "#c9a6a6", width: 1 }, data: leaders },
  };
}

/** A failed build is a gap in every line, and a dashed rule that says it failed. */
function failedRules(view: SeriesView) {
  const rules = view.builds.flatMap((p, i) => (p.status === "failed" ? [{ xAxis: i, label: { formatter: `failed (${p.failed_step ?? "?"})` } }] : []));
  if (!rules.length) return {};
  const label = { position: "insideStartTop" as const, color: "#8a8f98" };
  return { markLine: { symbol: "none", silent: true, lineStyle: { type: "dashed" as const, color: "#b0b4bc" }, label, data: rules } };
}

const MAX_DOTS = 150;

function lineSeries(view: SeriesView, lines: LineSpec[]) {
  return lines.map((l, i) => ({
    name: l.name,
    type: "line" as const,
    data: l.values,
    connectNulls: false,
    // a dot per revision while they can be told apart; past that, a dot on hover, and the line
    // itself takes the click (drawing a thousand dots is most of a long series' draw time)
    showSymbol: view.builds.length <= MAX_DOTS,
    triggerEvent: true,
    symbolSize: 6,
    ...(l.stack ? { stack: "content", areaStyle: {} } : {}),
    ...(i === 0 ? failedRules(view) : {}),
  }));
}

export interface TimelineOptions {
  /** the browser's page: tooltips, zoom and animation (SSR leaves them out) */
  interactive?: boolean;
  /** the size the chart is drawn at, in pixels (default 960 × 480): the culprits' labels are laid out for it */
  width?: number;
  height?: number;
}

/** The tooltip of one revision: its name and each line's figure, escaped for HTML. */
function tooltipFormatter(view: SeriesView) {
  return (params: { dataIndex: number; seriesName: string; value: number | null; marker: string }[]) => {
    const p = view.builds[params[0]?.dataIndex ?? 0];
    if (!p) return "";
    const failure = `failed (${escapeHtml(p.failed_step ?? "?")}): ${escapeHtml(p.cause ?? "")}`;
    const head = p.status === "failed" ? `${escapeHtml(p.name)}: ${failure}` : escapeHtml(p.name);
    const figures = params.filter((x) => x.value !== null && x.seriesName !== CULPRITS_SERIES);
    const rows = figures.map((x) => `${x.marker}${escapeHtml(x.seriesName)}: ${formatCount(x.value as number)}`);
    const marks = view.culprits.filter((c) => c.build === p.id).map((c) => `${formatSignedCount(c.delta)} ${escapeHtml(c.subject)} (${escapeHtml(c.author)})`);
    return [head, ...rows, ...marks].join("<br>");
  };
}

/**
 * x: the revisions (build names) in series order; y: bytes. A failed build is a gap (null).
 * With `stacked` (metric content), one stacked band per directory or subsystem.
 */
export function buildTimelineOption(view: SeriesView, stacked: StackedSeriesView | null, metric: TimelineMetric, opts: TimelineOptions = {}) {
  const lines = stacked ? stackedLines(view, stacked) : metricLines(view, metric);
  const interactive = opts.interactive === true;
  const gridTop = lines.length > 1 ? 104 : 80;
  const top = stacked ? view.builds.map((_, i) => sumOrNull(lines.map((l) => l.values[i]))) : lines[0].values;
  const frame = plotFrame(view, opts.width ?? 960, opts.height ?? 480, gridTop);
  const placed = layCulpritLanes(culpritsAt(view, top), frame);
  // room above the figures for the lanes: their pixels as a fraction of the figures' span
  const lanesPx = placed.length ? 10 + LANE_PX * Math.max(...placed.map((p) => p.lane + p.lines.length)) : 0;
  const headroom = Math.max(0.15, lanesPx / Math.max(frame.h * 0.3, frame.h - lanesPx - 8));
  const yAxis = bytesAxis(stacked ? top : lines.flatMap((l) => l.values), stacked !== null, headroom);
  const dataTop = Math.max(0, ...top.filter((v): v is number => v !== null));
  const perPx = (yAxis.max - yAxis.min) / frame.h;
  const series = [...lineSeries(view, lines), ...(placed.length ? [culpritSeries(placed, top, (lane) => dataTop + (10 + LANE_PX * lane) * perPx)] : [])];
  const subtitle = stacked ? `content bytes by ${stacked.by === "dir" ? "directory" : "subsystem"}` : METRIC_LABEL[metric];
  return {
    // no animation: it holds the finished chart back a whole second
    animation: false,
    title: { text: `kbloat: ${stacked ? "content" : metric} of ${view.recipe}`, subtext: subtitle, left: "center" },
    legend: { show: lines.length > 1, data: lines.map((l) => l.name), top: 66, itemGap: 24 },
    grid: { left: 24, right: 40, top: gridTop, bottom: 24, outerBoundsMode: "same" as const, outerBoundsContain: "axisLabel" as const },
    xAxis: { type: "category" as const, data: view.builds.map((p) => p.name), axisLabel: { rotate: view.builds.length > 6 ? 30 : 0, hideOverlap: true } },
    yAxis: { type: "value" as const, ...yAxis },
    series,
    ...(interactive ? { tooltip: { trigger: "axis" as const, formatter: tooltipFormatter(view) }, dataZoom: [{ type: "inside" as const }] } : {}),
  };
}
export type TimelineOption = ReturnType<typeof buildTimelineOption>;

function sumOrNull(values: (number | null)[]): number | null {
  return values.some((v) => v === null) ? null : values.reduce((s: number, v) => s + (v as number), 0);
}
