// The Diff of two builds: the headline figures, bloat-o-meter's summary and its whole output,
// and the rows at every grain, largest change first; the numbers are `kbloat diff`'s, from the
// same view and the same port of bloat-o-meter.

import { type DiffView, diffView, type FigurePair, figureRows } from "../../app/views/diff-view.js";
import { renderBloatOMeter } from "../../core/bloat-o-meter.js";
import { GRAINS, type Grain } from "../../core/breakdown.js";
import { fetchDoc, loadBuild } from "./data.js";
import { dataTable, showValue, signed } from "./data-table.js";
import { el, section } from "./dom.js";
import { Missing } from "./data.js";
import { href, replaceQuery, type Route } from "./main.js";

export async function renderDiffPage(view: HTMLElement, r: Route): Promise<void> {
  const [, a, b, g] = r.parts;
  if (!a || !b) throw new Missing("a diff names two builds: #/diff/BASE/HEAD/GRAIN");
  if (g !== undefined && !(GRAINS as string[]).includes(g)) throw new Missing(`no grain "${g}"; the grains are: ${GRAINS.join(", ")}`);
  const grain = (g ?? "dir") as Grain;
  const depth = Math.max(0, Number(r.query.get("depth") ?? 1) || 1);
  const [base, head] = await Promise.all([loadBuild(a, true), loadBuild(b, true)]);
  for (const x of [base, head])
    if (!x.m) throw new Missing(`build ${x.build.id} (${x.build.name}) failed at ${x.build.failedStep}: it has no measurement to compare`);
  const bm = base.m as NonNullable<typeof base.m>;
  const hm = head.m as NonNullable<typeof head.m>;
  const tabs = el(
    "nav",
    { class: "tabs", id: "grains" },
    ...GRAINS.map((x) => el("a", { href: href(["diff", a, b, x]), class: x === grain ? "active" : undefined }, x)),
  );
  view.append(
    el("h1", {}, "Diff"),
    el(
      "p",
      { class: "pair" },
      el("a", { href: href(["build", base.build.id]) }, `${base.build.name} (build ${base.build.id})`),
      " → ",
      el("a", { href: href(["build", head.build.id]) }, `${head.build.name} (build ${head.build.id})`),
    ),
  );
  // as kbloat diff --format bloat-o-meter prints it: the head's tree's own script
  const bom = renderBloatOMeter(bm.symbols, hm.symbols, "all", head.doc.bloat_o_meter);
  const lines = bom.trimEnd().split("\n");
  const blocked = grain === "option" && (base.doc.option_note || head.doc.option_note);
  const local = blocked ? null : diffView({ build: base.build, m: bm }, { build: head.build, m: hm }, { by: grain, depth });
  // by subsystem, kbloat diff maps both sides with the head's MAINTAINERS, which only the server
  // can read: a published site keeps each build's own mapping, and says so
  const live = grain === "subsystem" && (await fetchDoc<{ live: boolean }>("api/index.json")).live;
  const served = live ? await fetchDoc<DiffView>(`api/diff/${encodeURIComponent(a)}/${encodeURIComponent(b)}/subsystem.json`) : null;
  const v = served ?? local;
  if (v) view.append(figuresTable(v.figures));
  view.append(
    section(
      "bloat-o-meter",
      el("pre", { id: "bom-summary" }, `${lines[0]}\n${lines.at(-1)}`),
      el("details", {}, el("summary", {}, "the whole output"), el("pre", { id: "bom-output" }, bom)),
    ),
  );
  if (!v)
    return void view.append(
      section(
        "Rows",
        tabs,
        el("p", { class: "muted", id: "option-note" }, `--by option needs both builds' Kbuild files: ${base.doc.option_note ?? head.doc.option_note}`),
      ),
    );
  const mapping =
    grain !== "subsystem"
      ? []
      : [
          el(
            "p",
            { class: "muted", id: "maintainers-note" },
            served?.maintainers
              ? `subsystems as ${served.maintainers} has them, on both sides`
              : "each build's objects by its own release's MAINTAINERS " +
                  "(a published site cannot read the head's; kbloat diff and kbloat serve map both with it)",
          ),
        ];
  // largest change first; [unattributed] and a folded "[N more]" stay last, as in kbloat diff
  const rank = (name: string) => (name.startsWith("[") ? 1 : 0);
  const rows = [...v.rows].sort((x, y) => rank(x.name) - rank(y.name) || Math.abs(y.delta) - Math.abs(x.delta));
  view.append(
    section(
      `By ${grain}: ${rows.length} changed`,
      tabs,
      ...mapping,
      dataTable(
        rows,
        [
          { name: grain, value: (x) => x.name },
          { name: "old", value: (x) => x.old, numeric: true },
          { name: "new", value: (x) => x.new, numeric: true },
          { name: "delta", value: (x) => x.delta, numeric: true, show: (x) => signed(x.delta) },
        ],
        { id: "rows", filter: r.query.get("q") ?? "", onFilter: (q) => replaceQuery({ q }), limit: 2000 },
      ),
    ),
  );
}

function figuresTable(f: Record<"content" | "image" | "text" | "data" | "bss" | "total", FigurePair>): HTMLElement {
  const rows = figureRows(f);
  return el(
    "table",
    { class: "figures-table", id: "figures" },
    el("thead", {}, el("tr", {}, el("th", {}, ""), el("th", { class: "num" }, "old"), el("th", { class: "num" }, "new"), el("th", { class: "num" }, "delta"))),
    el(
      "tbody",
      {},
      ...rows.map(([name, p]) =>
        el(
          "tr",
          { dataset: { figure: name } },
          el("th", {}, name),
          el("td", { class: "num" }, showValue(p.old)),
          el("td", { class: "num" }, showValue(p.new)),
          el("td", { class: "num" }, signed(p.delta)),
        ),
      ),
    ),
  );
}
