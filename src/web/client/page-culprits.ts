// Blame and shame: every culprit blame stored, with its delta, figures, subsystems, author, date
// and subject; the hall of shame and the thanks list by commit, author or subsystem; one culprit
// on its own at #/culprits/COMMIT.

import type { CulpritsView, CulpritView, ShameView } from "../../app/views/shame-view.js";
import { SHAME_GRAINS, type ShameGrain } from "../../core/shame.js";
import { fetchDoc, forget, Missing } from "./data.js";
import { dataTable, signed } from "./data-table.js";
import { el, figureList, picker, section } from "./dom.js";
import { href, replaceQuery, type Route } from "./main.js";

type CulpritsDoc = CulpritsView & { shame: Record<string, Record<ShameGrain, ShameView>> };

export async function renderCulpritsPage(view: HTMLElement, r: Route): Promise<void> {
  forget("api/culprits.json");
  const doc = await fetchDoc<CulpritsDoc>("api/culprits.json");
  if (r.parts[1]) return void view.append(...culpritPage(doc, r.parts[1]));
  view.append(el("h1", {}, "Blame and shame"));
  if (doc.culprits.length === 0) {
    return void view.append(
      el("p", { id: "no-culprits" }, "No culprits stored yet: kbloat blame A..B names the commits that grew the kernel proper, and they show here."),
    );
  }
  const recipe = doc.recipes.includes(r.query.get("recipe") ?? "") ? (r.query.get("recipe") as string) : doc.recipes[0];
  const by = (SHAME_GRAINS as string[]).includes(r.query.get("by") ?? "") ? (r.query.get("by") as ShameGrain) : "commit";
  const go = (q: Record<string, string>) => {
    location.hash = href(["culprits"], { recipe, by, ...q });
  };
  const shame = doc.shame[recipe][by];
  view.append(
    el(
      "div",
      { class: "tools" },
      picker(
        "recipe",
        doc.recipes.map((x) => ({ value: x, text: x })),
        recipe,
        (v) => go({ recipe: v }),
        "pick-recipe",
      ),
      picker(
        "rank by",
        SHAME_GRAINS.map((g) => ({ value: g, text: g })),
        by,
        (v) => go({ by: v }),
        "pick-by",
      ),
    ),
    el("p", {}, `${shame.culprits} culprit${shame.culprits === 1 ? "" : "s"} of ${recipe}; net ${signed(shame.net)} content bytes`),
    el(
      "div",
      { class: "columns" },
      section("Hall of shame: content bytes added", shameTable(shame.shame, by, "shame")),
      section("Thanks: content bytes removed", shameTable(shame.thanks, by, "thanks")),
    ),
    section(
      "Every culprit",
      culpritTable(
        doc.culprits.filter((c) => c.recipe === recipe),
        r,
      ),
    ),
  );
}

function shameTable(rows: ShameView["shame"], by: ShameGrain, id: string): HTMLElement {
  if (rows.length === 0) return el("p", { class: "muted" }, "none");
  return dataTable(
    rows,
    [
      {
        name: by,
        value: (x) => (by === "commit" ? x.name.slice(0, 12) : x.name),
        link: (x) => (by === "commit" ? href(["culprits", x.name]) : null),
      },
      { name: "bytes", value: (x) => x.bytes, numeric: true, show: (x) => signed(x.bytes) },
      ...(by === "commit"
        ? [
            { name: "author", value: (x: ShameView["shame"][number]) => x.author ?? "" },
            { name: "subject", value: (x: ShameView["shame"][number]) => x.subject ?? "" },
          ]
        : [{ name: "commits", value: (x: ShameView["shame"][number]) => x.commits.length, numeric: true }]),
    ],
    { id },
  );
}

function culpritTable(rows: CulpritView[], r: Route): HTMLElement {
  return dataTable(
    rows,
    [
      {
        name: "commit",
        value: (c) => (c.commits.length > 1 ? `${c.commits[0].slice(0, 12)}..${(c.commits.at(-1) ?? "").slice(0, 12)}` : c.commit.slice(0, 12)),
        link: (c) => href(["culprits", c.commit]),
      },
      { name: "content", value: (c) => c.delta, numeric: true, show: (c) => signed(c.delta) },
      { name: "size dec", value: (c) => c.size_delta.total, numeric: true, show: (c) => signed(c.size_delta.total) },
      { name: "image", value: (c) => c.image_delta, numeric: true, show: (c) => signed(c.image_delta) },
      { name: "author", value: (c) => c.author },
      { name: "date", value: (c) => c.date.slice(0, 10) },
      { name: "subsystems", value: (c) => c.by_subsystem.map((s) => s.name).join("; ") },
      { name: "subject", value: (c) => c.subject },
    ],
    { id: "culprits", filter: r.query.get("q") ?? "", onFilter: (q) => replaceQuery({ q }) },
  );
}

function culpritPage(doc: CulpritsDoc, commit: string): HTMLElement[] {
  const c = doc.culprits.find((x) => x.commit === commit || x.commit.startsWith(commit));
  if (!c) throw new Missing(`no culprit ${commit} is stored; the culprits are on #/culprits`);
  const s = c.size_delta;
  return [
    el("h1", {}, `Culprit ${c.commit.slice(0, 12)}`),
    el("p", { class: "subject", id: "culprit-subject" }, c.subject),
    figureList([
      ["author", c.author],
      ["date", c.date],
      ["recipe", c.recipe],
      ["commits", c.commits.join(" ")],
      ["content", `${signed(c.delta)} bytes`],
      ["size", `text ${signed(s.text)}  data ${signed(s.data)}  bss ${signed(s.bss)}  dec ${signed(s.total)}`],
      ["image", c.image_delta === null ? "–" : `${signed(c.image_delta)} bytes`],
      ["found by", `blame ${c.range}, threshold ${c.threshold}`],
    ]),
    ...(c.base_build !== null && c.head_build !== null
      ? [el("p", {}, el("a", { href: href(["diff", c.base_build, c.head_build, "object"]), id: "culprit-diff" }, "the diff of its two builds"))]
      : []),
    section(
      "By subsystem",
      dataTable(
        c.by_subsystem,
        [
          { name: "subsystem", value: (x) => x.name },
          { name: "content", value: (x) => x.delta, numeric: true, show: (x) => signed(x.delta) },
        ],
        { id: "culprit-subsystems" },
      ),
    ),
  ];
}
