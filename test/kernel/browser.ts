// Real Chromium (Debian's) for the page tests, through playwright-core: each page is watched for
// console errors, page errors and dialogs, which no page may cause.

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { ROOT } from "./kernel-env.js";

export const CHROMIUM = process.env.KBLOAT_CHROMIUM || "/usr/bin/chromium";
/** headless, and nothing that reaches the network or writes a profile beside the pages */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Where the screenshots go: kept after the run, and what the README shows. */
export const SCREENSHOTS = process.env.KBLOAT_SCREENSHOTS || join(ROOT, "artifacts", "screenshots");

export interface Watched {
  page: Page;
  /** console errors, page errors and dialogs seen so far */
  problems: string[];
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}

export async function watchedPage(browser: Browser): Promise<Watched> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  // a failed request is reported below with its URL; the console's copy of it says less
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(`console error: ${m.text()}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${new URL(r.url()).pathname}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.type()} ${d.message()}`);
    void d.dismiss();
  });
  return { page, problems };
}

/** Goes to a view and waits until the router has drawn it (and its charts). */
export async function openView(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await waitDrawn(page);
}

/** The router marks the body with the view it drew last: wait for the one in the address bar. */
export async function waitDrawn(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.ready === (location.hash || "#/"), undefined, { timeout: 30_000 });
  await page.waitForTimeout(300);
}

/** A plain static file server for a published folder, on loopback, as any file host would be. */
export async function serveFolder(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const { createServer } = await import("node:http");
  const { readFile } = await import("node:fs/promises");
  const { extname, normalize } = await import("node:path");
  const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json" };
  const server = createServer(async (req, res) => {
    const asked = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    const path = asked.endsWith("/") ? `${asked}index.html` : asked;
    try {
      const body = await readFile(join(dir, path));
      res.writeHead(200, { "content-type": types[extname(path)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((done) => server.close(() => done())) };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
