// One build: its figures, a treemap of where the content goes (directory → object → symbol,
// each click a step down, the breadcrumb and the back button a step up), and its rows at every
// grain, sortable and filterable; the numbers are `kbloat show`'s, from the same view.

import { showView } from "../../app/views/build-view.js";
import { seriesKey } from "../../app/views/series-view.js";
import { GRAINS, type Grain } from "../../core/breakdown.js";
import { formatBytes } from "../../core/format-size.js";
import { createChart, loadTreemap } from "./charts.js";
import { type LoadedBuild, loadBuild } from "./data.js";
import { dataTable, showValue } from "./data-table.js";
import { el, figureList, section } from "./dom.js";
import { href, replaceQuery, type Route } from "./main.js";
import { ancestors, isObjectPath, treemapLevel } from "./treemap-level.js";

export async function renderBuildPage(view: HTMLElement, r: Route): Promise<void> {
  const id = r.parts[1] ?? "";
  const grain = ((GRAINS as string[]).includes(r.parts[2] ?? "") ? r.parts[2] : "dir") as Grain;
  const tree = r.query.get("tree") ?? "";
  const first = await loadBuild(id);
  const needSymbols = grain === "symbol" || (first.m !== null && tree !== "" && isObjectPath(first.m, tree));
  const b = needSymbols ? await loadBuild(id, true) : first;
  view.append(el("h1", {}, `Build ${b.build.id}: ${b.build.name}`), buildFacts(b));
  if (!b.m) return void view.append(failure(b));
  view.append(
    el(
      "p",
      {},
      el("a", { href: href(["modules", b.build.id]), id: "modules-link" }, "modularization report"),
      " · ",
      el("a", { href: href(["series", seriesKey(b.build.recipe)]) }, `timeline of ${b.build.recipe}`),
    ),
  );
  view.append(treemapSection(b, grain, tree, r), rowsSection(b, grain, r));
}

function buildFacts(b: LoadedBuild): HTMLElement {
  const d = b.doc;
  const bytes = (n: number | null, none: string) => (n === null ? none : `${showValue(n)} bytes (${formatBytes(n)})`);
  return figureList([
    ["status", b.build.status === "ok" ? "ok" : `failed at ${b.build.failedStep}`],
    ["arch, toolchain", `${b.build.arch || "?"}; ${b.build.toolchain.split(";")[0]}`],
    ["source", `${b.build.source} ${b.build.revision}`],
    ...(d.totals
      ? ([
          ["content", bytes(d.content, "unknown (no link map)"), "code and data without linker padding"],
          ["boot image", bytes(d.image, "none")],
          ["size", `text ${d.totals.text}  data ${d.totals.data}  bss ${d.totals.bss}  dec ${d.totals.total}`, "size's Berkeley totals, padding included"],
          ["symbols, objects", `${showValue(d.symbol_count)}, ${showValue(d.objects.length)}`],
        ] as [string, string, string?][])
      : []),
  ]);
}

function failure(b: LoadedBuild): HTMLElement {
  return section(
    `Failed at ${b.build.failedStep}`,
    el("p", {}, "The last lines of the build log:"),
    el("pre", { class: "log", id: "log-tail" }, b.build.logTail ?? ""),
  );
}

function treemapSection(b: LoadedBuild, grain: Grain, tree: string, r: Route): HTMLElement {
  const m = b.m as NonNullable<LoadedBuild["m"]>;
  const at = (path: string) => href(["build", b.build.id, grain], { ...Object.fromEntries(r.query), tree: path });
  const crumbs = el(
    "nav",
    { class: "crumbs", id: "treemap-crumbs" },
    el("a", { href: at("") }, "vmlinux"),
    ...ancestors(tree).flatMap((a) => [" / ", el("a", { href: at(a.path) }, a.name)]),
  );
  if (m.objects.length === 0)
    return section("Where the content goes", el("p", { class: "muted" }, "This build was measured without a link map: no per-object sizes."));
  const nodes = treemapLevel(m, tree);
  const box = el("div", { class: "chart treemap", id: "treemap" });
  const total = nodes.reduce((s, n) => s + n.value, 0);
  const out = section(
    "Where the content goes",
    crumbs,
    el("p", { class: "muted" }, `${showValue(total)} content bytes under ${tree || "vmlinux"}; click a box to open it`),
    box,
  );
  void loadTreemap().then(() => {
    if (!box.isConnected) return;
    const chart = createChart(box);
    chart.setOption({
      tooltip: { formatter: (p: { name: string; value: number }) => tooltipText(p.name, p.value, total) },
      series: [
        {
          type: "treemap",
          roam: false,
          nodeClick: false,
          breadcrumb: { show: false },
          left: 0,
          top: 0,
          right: 0,
          bottom: 0,
          label: { show: true, lineHeight: 16, formatter: (p: { name: string; value: number }) => `${p.name}\n${formatBytes(p.value)}` },
          data: nodes.map((n) => ({ name: n.name, value: n.value, path: n.path })),
        },
      ],
    } as never);
    chart.on("click", (p) => {
      const path = (p.data as { path: string | null } | undefined)?.path;
      if (path) location.hash = at(path);
    });
  });
  return out;
}

/** ECharts draws tooltips as HTML: the name goes in as an element's text. */
function tooltipText(name: string, value: number, total: number): HTMLElement {
  return el("div", {}, el("b", {}, name), el("br"), `${showValue(value)} bytes, ${total ? ((value * 100) / total).toFixed(1) : "0"} %`);
}

function rowsSection(b: LoadedBuild, grain: Grain, r: Route): HTMLElement {
  const m = b.m as NonNullable<LoadedBuild["m"]>;
  const depth = Math.max(0, Number(r.query.get("depth") ?? 1) || 1);
  const tabs = el(
    "nav",
    { class: "tabs", id: "grains" },
    ...GRAINS.map((g) =>
      el("a", { href: href(["build", b.build.id, g], { depth: g === "dir" ? depth : undefined }), class: g === grain ? "active" : undefined }, g),
    ),
  );
  if (grain === "option" && b.doc.option_note)
    return section("Rows", tabs, el("p", { class: "muted", id: "option-note" }, `--by option needs the build's Kbuild files: ${b.doc.option_note}`));
  if ((grain === "dir" || grain === "object" || grain === "subsystem") && m.objects.length === 0)
    return section("Rows", tabs, el("p", { class: "muted" }, "no per-object sizes (measured without a link map)"));
  const v = showView(b.build, m, { by: grain, depth });
  return section(
    `By ${grain}`,
    tabs,
    dataTable(
      v.rows,
      [
        { name: grain, value: (x) => x.name },
        { name: "text", value: (x) => x.text, numeric: true },
        { name: "data", value: (x) => x.data, numeric: true },
        { name: "bss", value: (x) => x.bss, numeric: true },
        { name: "total", value: (x) => x.size, numeric: true },
        {
          name: v.share_of === "content" ? "share of content" : "share of size",
          value: (x) => (x.share === null ? -1 : x.share),
          numeric: true,
          show: (x) => (x.share === null ? "" : `${(x.share * 100).toFixed(1)} %`),
        },
      ],
      { id: "rows", filter: r.query.get("q") ?? "", onFilter: (q) => replaceQuery({ q }), limit: 2000 },
    ),
  );
}
