// `kbloat serve`: the pages and their documents over HTTP, read-only. Each /api/ request is
// answered from the database as it is now, so builds that `track` stores meanwhile show up
// without a restart.

import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { Hono } from "hono";
import { NotInSite, readSiteDocument, type SiteContext } from "../app/site-documents.js";
import { CONTENT_TYPES, resolveSiteFile } from "./site-files.js";

const NOT_FOUND_PAGE = `<!doctype html><meta charset="utf-8"><title>kbloat: not found</title>
<body style="font-family:sans-serif;margin:2em"><h1>Not found</h1><p>This kbloat site has no such page.
The pages are all under <a href="./">the start page</a>;
the data is under <code>api/</code>, starting at <a href="api/index.json">api/index.json</a>.</p></body>`;

export function createWebApp(site: SiteContext, pagesDir: string): Hono {
  const ctx: SiteContext = { ...site, live: true };
  const app = new Hono();
  // one request at a time, each in one read transaction: a document never mixes two states of
  // the database, however often track or blame commit meanwhile
  let queue: Promise<unknown> = Promise.resolve();
  app.get("/api/*", async (c) => {
    const path = c.req.path.slice(1);
    const work = queue.then(() => ctx.store.readSnapshot(() => readSiteDocument(ctx, path)));
    queue = work.catch(() => {});
    try {
      return c.json(await work, 200, { "cache-control": "no-store" });
    } catch (e) {
      if (e instanceof NotInSite) return c.json({ schema: 1, error: e.message }, 404);
      throw e;
    }
  });
  app.get("*", (c) => {
    const raw = new URL(c.req.url).pathname;
    const file = resolveSiteFile(pagesDir, raw);
    if (!file) return c.html(NOT_FOUND_PAGE, 404);
    // the bundle's files are named by their hash: a browser may keep them for good
    const cache = raw.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache";
    return c.body(readFileSync(file), 200, { "content-type": CONTENT_TYPES[extname(file)], "cache-control": cache });
  });
  app.onError((e, c) => c.json({ schema: 1, error: `internal error: ${e.message}` }, 500));
  return app;
}
