// The modularization report of one build: the summary, whose parts add up to the kernel proper,
// and every =y option with its bytes, verdict and reason, filterable by verdict.

import { type ModulesView, readableReason, VERDICT_TEXT, verdictText } from "../../app/views/modules-view.js";
import { fetchDoc } from "./data.js";
import { dataTable, showValue } from "./data-table.js";
import { el, picker, section } from "./dom.js";
import { href, replaceQuery, type Route } from "./main.js";

type ModulesDoc = ModulesView | { schema: number; build: { id: number; name: string }; unavailable: string; hint: string | null };

export async function renderModulesPage(view: HTMLElement, r: Route): Promise<void> {
  const id = r.parts[1] ?? "";
  const doc = await fetchDoc<ModulesDoc>(`api/modules/${encodeURIComponent(id)}.json`);
  view.append(el("h1", {}, `Modules: build ${doc.build.id} (${doc.build.name})`), el("p", {}, el("a", { href: href(["build", doc.build.id]) }, "the build")));
  if ("unavailable" in doc)
    return void view.append(
      el("p", { id: "modules-unavailable" }, `The report needs the build's Kconfig and Makefiles: ${doc.unavailable}`),
      el("p", { class: "muted" }, doc.hint ?? ""),
    );
  const s = doc.summary;
  const line = (label: string, bytes: number, extra: string) =>
    el(
      "tr",
      {},
      el("th", {}, label),
      el("td", { class: "num" }, showValue(bytes)),
      el("td", { class: "num" }, `${doc.kernel_proper ? ((bytes * 100) / doc.kernel_proper).toFixed(1) : "0"} %`),
      el("td", {}, extra),
    );
  const summary = el(
    "table",
    { class: "figures-table", id: "modules-summary" },
    el(
      "tbody",
      {},
      el(
        "tr",
        {},
        el("th", {}, "kernel proper"),
        el("td", { class: "num" }, showValue(doc.kernel_proper)),
        el("td", {}, ""),
        el("td", {}, `${doc.options.length + doc.more} options =y`),
      ),
      line("could leave by config alone (tristate =y)", s.could_leave, `${doc.counts["module-now"]} options`),
      line("behind bool→tristate conversions", s.bool_to_tristate, `${doc.counts["bool-to-tristate"]} options`),
      line("behind a hidden prompt", s.hidden_prompt, `${doc.counts["hidden-prompt"]} options`),
      line("forced in by a select", s.forced_by_select, `${doc.counts["forced-by-select"]} options`),
      line("core: cannot leave", s.core, `${doc.counts.core} options, ${showValue(s.unconditional)} bytes unconditional obj-y`),
      line("objects kbloat could not place", s.unattributed + s.unexplained, ""),
    ),
  );
  const verdict = r.query.get("verdict") ?? "";
  const rows = verdict ? doc.options.filter((o) => o.verdict === verdict) : doc.options;
  view.append(
    section("Summary", summary),
    section(
      "Options built in",
      el(
        "div",
        { class: "tools" },
        picker(
          "verdict",
          [{ value: "", text: "all" }, ...Object.entries(VERDICT_TEXT).map(([value, text]) => ({ value, text }))],
          verdict,
          (v) => {
            location.hash = href(["modules", doc.build.id], { verdict: v });
          },
          "pick-verdict",
        ),
      ),
      dataTable(
        rows,
        [
          { name: "option", value: (o) => o.symbol },
          { name: "type", value: (o) => o.type },
          { name: "bytes", value: (o) => o.bytes, numeric: true },
          {
            name: "verdict",
            value: (o) => verdictText(o.verdict, o.selected_by, o.unlocked_by),
          },
          { name: "why it is built in", value: (o) => readableReason(o.reason) },
        ],
        { id: "options", sort: 2, filter: r.query.get("q") ?? "", onFilter: (q) => replaceQuery({ q }) },
      ),
    ),
  );
}
