// The pages' router: every view has a URL (`#/build/3/dir?q=mm`), so links can be shared and
// the browser's back and forward buttons move between views.

import "./style.css";
import { disposeCharts } from "./charts.js";
import { Missing } from "./data.js";
import { el } from "./dom.js";
import { renderBuildPage } from "./page-build.js";
import { renderBuildsPage } from "./page-builds.js";
import { renderCulpritsPage } from "./page-culprits.js";
import { renderDiffPage } from "./page-diff.js";
import { renderModulesPage } from "./page-modules.js";
import { renderTimelinePage } from "./page-timeline.js";

export interface Route {
  parts: string[];
  query: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const [path, q = ""] = hash.replace(/^#\/?/, "").split("?");
  return { parts: path.split("/").filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(q) };
}

/** The URL of a view; query entries that are empty are left out. */
export function href(parts: (string | number)[], query: Record<string, string | number | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") q.set(k, String(v));
  const qs = q.toString();
  return `#/${parts.map((p) => encodeURIComponent(String(p))).join("/")}${qs ? `?${qs}` : ""}`;
}

/** Changes the URL without adding a history entry (a filter being typed). */
export function replaceQuery(query: Record<string, string | number | undefined>): void {
  const r = parseRoute(location.hash);
  const merged: Record<string, string | undefined> = Object.fromEntries(r.query);
  for (const [k, v] of Object.entries(query)) merged[k] = v === undefined ? undefined : String(v);
  history.replaceState(null, "", href(r.parts, merged));
}

const PAGES: Record<string, (app: HTMLElement, r: Route) => Promise<void>> = {
  "": renderTimelinePage,
  series: renderTimelinePage,
  builds: renderBuildsPage,
  build: renderBuildPage,
  diff: renderDiffPage,
  culprits: renderCulpritsPage,
  modules: renderModulesPage,
};

let drawing = 0;

async function draw(): Promise<void> {
  const app = document.getElementById("app") as HTMLElement;
  const route = parseRoute(location.hash);
  const page = PAGES[route.parts[0] ?? ""];
  const mine = ++drawing;
  disposeCharts();
  delete document.body.dataset.ready;
  // charts need a place in the page to size themselves: pages draw straight into it
  const view = el("div", { class: "view" });
  app.replaceChildren(view);
  try {
    if (!page) throw new Missing(`there is no page "${route.parts[0]}"; the pages are: timeline (#/), builds, build/ID, diff/A/B, culprits, modules/ID`);
    await page(view, route);
  } catch (e) {
    if (mine !== drawing) return;
    view.replaceChildren(errorPage(e));
    if (!(e instanceof Missing)) console.warn(e);
  }
  if (mine !== drawing) return;
  document.body.dataset.ready = location.hash || "#/";
  window.dispatchEvent(new Event("kbloat:drawn"));
}

function errorPage(e: unknown): HTMLElement {
  const missing = e instanceof Missing;
  return el(
    "div",
    { class: "error", id: missing ? "not-found" : "error" },
    el("h1", {}, missing ? "Not found" : "Something went wrong"),
    el("p", {}, (e as Error).message),
    el("p", {}, el("a", { href: "#/" }, "Back to the timeline")),
  );
}

window.addEventListener("hashchange", () => void draw());
void draw();
