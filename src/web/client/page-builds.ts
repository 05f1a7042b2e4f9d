// Every stored build, failed ones included, each a link to its page.

import type { ListView } from "../../app/views/build-view.js";
import { fetchDoc, forget } from "./data.js";
import { dataTable } from "./data-table.js";
import { el } from "./dom.js";
import { href, replaceQuery, type Route } from "./main.js";
import { emptyDatabase } from "./page-timeline.js";

export async function renderBuildsPage(view: HTMLElement, r: Route): Promise<void> {
  forget("api/builds.json");
  const index = await fetchDoc<ListView>("api/builds.json");
  if (index.builds.length === 0) return void view.append(emptyDatabase());
  view.append(
    el("h1", {}, `Builds (${index.builds.length})`),
    dataTable(
      index.builds,
      [
        { name: "id", value: (b) => b.id, numeric: true, link: (b) => href(["build", b.id]) },
        { name: "name", value: (b) => b.name, link: (b) => href(["build", b.id]) },
        { name: "status", value: (b) => (b.status === "ok" ? "ok" : `failed (${b.failed_step})`) },
        { name: "content", value: (b) => b.totals?.content ?? null, numeric: true },
        { name: "image", value: (b) => b.totals?.image ?? null, numeric: true },
        { name: "size dec", value: (b) => b.totals?.total ?? null, numeric: true },
        { name: "arch", value: (b) => b.arch },
        { name: "toolchain", value: (b) => b.toolchain.split(";")[0] },
        { name: "created", value: (b) => b.created.slice(0, 19).replace("T", " ") },
      ],
      { id: "builds", filter: r.query.get("q") ?? "", onFilter: (q) => replaceQuery({ q }) },
    ),
  );
}
