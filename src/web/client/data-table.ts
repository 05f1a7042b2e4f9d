// A table of rows that sorts by any column (click its heading) and filters by a text, as the
// tables of the build, diff, culprits and modules pages do. Numbers are exact bytes.

import { el } from "./dom.js";

export interface Column<T> {
  name: string;
  value: (row: T) => string | number | null;
  numeric?: boolean;
  /** how a value is shown; defaults to the value with thousands separators for numbers */
  show?: (row: T) => string;
  /** makes the cell a link */
  link?: (row: T) => string | null;
}

export interface TableOptions {
  /** text that rows must contain (in any text column); the filter box starts with it */
  filter?: string;
  onFilter?: (text: string) => void;
  /** column to sort by first, descending for numbers */
  sort?: number;
  /** the most rows drawn; the rest are counted */
  limit?: number;
  id?: string;
}

const number = new Intl.NumberFormat("en-US");

export function showValue(v: string | number | null): string {
  if (v === null) return "–";
  return typeof v === "number" ? number.format(v) : v;
}

export function dataTable<T>(rows: T[], columns: Column<T>[], o: TableOptions = {}): HTMLElement {
  let sortBy = o.sort ?? -1;
  let descending = true;
  let filter = o.filter ?? "";
  const body = el("tbody");
  const count = el("span", { class: "muted" });
  const heads = columns.map((c, i) =>
    el(
      "th",
      {
        class: c.numeric ? "num sortable" : "sortable",
        title: "sort by this column",
        onclick: () => {
          descending = sortBy === i ? !descending : true;
          sortBy = i;
          draw();
        },
      },
      c.name,
    ),
  );
  const draw = () => {
    const needle = filter.toLowerCase();
    let shown = needle
      ? rows.filter((r) =>
          columns.some(
            (c) =>
              !c.numeric &&
              String(c.value(r) ?? "")
                .toLowerCase()
                .includes(needle),
          ),
        )
      : [...rows];
    if (sortBy >= 0) {
      const c = columns[sortBy];
      shown.sort((a, b) => compare(c.value(a), c.value(b)) * (descending ? -1 : 1));
    }
    const total = shown.length;
    if (o.limit !== undefined) shown = shown.slice(0, o.limit);
    body.replaceChildren(...shown.map((r) => el("tr", {}, ...columns.map((c) => cell(c, r)))));
    const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
    count.textContent = total === rows.length ? plural(total, "row") : `${total} of ${plural(rows.length, "row")} match`;
    if (total > shown.length) count.textContent += `, the first ${shown.length} shown`;
    heads.forEach((h, i) => h.setAttribute("aria-sort", i === sortBy ? (descending ? "descending" : "ascending") : "none"));
  };
  const box = el("input", {
    type: "search",
    placeholder: "filter rows",
    value: filter,
    class: "filter",
    oninput: (e) => {
      filter = (e.target as HTMLInputElement).value;
      o.onFilter?.(filter);
      draw();
    },
  });
  draw();
  return el(
    "div",
    { class: "table", id: o.id },
    el("div", { class: "table-tools" }, box, " ", count),
    el("table", {}, el("thead", {}, el("tr", {}, ...heads)), body),
  );
}

function cell<T>(c: Column<T>, r: T): HTMLElement {
  const text = c.show ? c.show(r) : showValue(c.value(r));
  const href = c.link?.(r);
  return el("td", { class: c.numeric ? "num" : undefined }, href ? el("a", { href }, text) : text);
}

function compare(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b));
}

export function signed(n: number | null): string {
  if (n === null) return "–";
  return n > 0 ? `+${number.format(n)}` : number.format(n);
}
