// Time from navigation to a drawn timeline in Debian's Chromium, driven by playwright-core:
// `page.goto(url)` until `#timeline[data-points]` exists (the page sets it once ECharts has
// drawn). "first" is a fresh browser context each run (no cache, no code cache); "warm" is a
// new tab in a context that has loaded the page already.

import { type Browser, chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_FLAGS } from "../test/kernel/browser.js";
import type { Cleanup } from "./dashboard-processes.js";

export async function launchChromium(cleanup: Cleanup): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, timeout: 60_000 });
  cleanup.add("chromium", () => browser.close());
  return browser;
}

/** One resource the page fetched, from the browser's Resource Timing. */
export interface ResourceTime {
  name: string;
  ms: number;
  /** bytes of the body as received (before decompression) */
  bytes: number;
}

/** Moments of one load on the page's own clock (ms since navigation start), null when not seen. */
export interface PageMarks {
  /** the last byte of the page's JavaScript */
  script: number | null;
  domContentLoaded: number | null;
  /** `kbloat:drawn`: the view is in the page (ECharts may still be drawing) */
  drawn: number | null;
  /** `#timeline` got `data-points`: ECharts reported "finished" */
  points: number | null;
  /** main-thread tasks over 50 ms, in all */
  longTasks: number;
}

export interface LoadTime {
  ms: number;
  points: number;
  resources: ResourceTime[];
  marks: PageMarks;
}

/** Runs in the page before its own scripts: notes when the view is drawn and when the points appear. */
function recordMarks(): void {
  const w = window as unknown as { __bench: Record<string, number> };
  w.__bench = { longTasks: 0 };
  addEventListener("DOMContentLoaded", () => {
    w.__bench.domContentLoaded = performance.now();
  });
  addEventListener("kbloat:drawn", () => {
    w.__bench.drawn ??= performance.now();
  });
  new MutationObserver(() => {
    if (w.__bench.points === undefined && document.querySelector("#timeline[data-points]")) w.__bench.points = performance.now();
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-points"] });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__bench.longTasks += e.duration;
    }).observe({ type: "longtask", buffered: true });
  } catch {
    // no Long Tasks API: the sum stays 0
  }
}

export interface TimelineTimes {
  first: LoadTime[];
  warm: LoadTime[];
}

async function loadOnce(page: import("playwright-core").Page, url: string, timeoutMs: number): Promise<LoadTime> {
  const started = performance.now();
  await page.goto(url, { timeout: timeoutMs });
  const box = await page.waitForSelector("#timeline[data-points]", { state: "attached", timeout: timeoutMs });
  const ms = performance.now() - started;
  const points = JSON.parse((await box.getAttribute("data-points")) ?? "[]").length as number;
  const { resources, marks } = await page.evaluate(() => {
    const all = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
    const b = (window as unknown as { __bench: Record<string, number> }).__bench;
    const scripts = all.filter((e) => e.name.endsWith(".js")).map((e) => e.responseEnd);
    return {
      resources: all.map((e) => ({ name: e.name, ms: e.duration, bytes: e.encodedBodySize })),
      marks: {
        script: scripts.length ? Math.max(...scripts) : null,
        domContentLoaded: b.domContentLoaded ?? null,
        drawn: b.drawn ?? null,
        points: b.points ?? null,
        longTasks: b.longTasks,
      },
    };
  });
  return { ms, points, resources, marks };
}

/** `runs` first loads and `runs` warm loads of `url`, each within `timeoutMs`. */
export async function timeTimeline(browser: Browser, url: string, runs: number, timeoutMs = 120_000): Promise<TimelineTimes> {
  const first: LoadTime[] = [];
  const warm: LoadTime[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(recordMarks);
    try {
      const page = await context.newPage();
      page.on("pageerror", (e) => process.stderr.write(`bench: page error at ${url}: ${e.message}\n`));
      first.push(await loadOnce(page, url, timeoutMs));
      await page.close();
      const again = await context.newPage();
      warm.push(await loadOnce(again, url, timeoutMs));
    } finally {
      await context.close();
    }
  }
  return { first, warm };
}

/**
 * The JavaScript one page loads before `selector` appears (its entry and every chunk it
 * imports), as decoded bytes: what the browser parses, before any compression on the wire.
 */
export async function scriptsLoaded(browser: Browser, url: string, selector: string, timeoutMs = 120_000): Promise<{ files: number; bytes: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(url, { timeout: timeoutMs });
    await page.waitForSelector(selector, { state: "attached", timeout: timeoutMs });
    const sizes = await page.evaluate(() =>
      (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter((e) => e.name.endsWith(".js")).map((e) => e.decodedBodySize),
    );
    return { files: sizes.length, bytes: sizes.reduce((s, x) => s + x, 0) };
  } finally {
    await context.close();
  }
}

/** The slowest resources of a load, with the paths shortened to what follows the host. */
export function slowestResources(load: LoadTime, count = 4): ResourceTime[] {
  return [...load.resources]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count)
    .map((r) => ({ ...r, name: new URL(r.name).pathname.slice(1) || "/" }));
}

/** The medians of the page's own marks over some loads. */
export function medianMarks(loads: LoadTime[]): PageMarks {
  const med = (xs: (number | null)[]) => {
    const v = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
    return v.length ? v[Math.floor(v.length / 2)] : null;
  };
  return {
    script: med(loads.map((l) => l.marks.script)),
    domContentLoaded: med(loads.map((l) => l.marks.domContentLoaded)),
    drawn: med(loads.map((l) => l.marks.drawn)),
    points: med(loads.map((l) => l.marks.points)),
    longTasks: med(loads.map((l) => l.marks.longTasks)) ?? 0,
  };
}
