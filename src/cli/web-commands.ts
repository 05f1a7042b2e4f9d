// The verbs that show the stored data as pages: serve (a read-only HTTP server on loopback) and
// publish (the same pages as a static site).

import type { Command } from "commander";
import { redactUrl } from "../app/open-store.js";
import { UserError } from "../core/user-error.js";
import type { Context } from "./main.js";
import { intOption } from "./recipe-options.js";

export function registerWebCommands(program: Command, ctx: Context): void {
  program
    .command("serve")
    .description("the dashboard: timeline, builds, diffs, culprits and the modules report, on http://127.0.0.1:8040/")
    .option("--host <host>", "address to listen on (loopback unless you say otherwise)", "127.0.0.1")
    .option("--port <port>", "port to listen on", "8040")
    .action(async (o) => {
      const port = intOption("--port", o.port);
      const { createWebApp } = await import("../web/server.js");
      const { findPagesDir } = await import("../web/site-files.js");
      const app = createWebApp({ store: ctx.readStore(), cache: ctx.cache }, findPagesDir());
      const { serve } = await import("@hono/node-server");
      await new Promise<void>((done, fail) => {
        const server = serve({ fetch: app.fetch, hostname: o.host, port }, (info) => {
          ctx.io.stderr.write(
            `kbloat: serving ${redactUrl(ctx.dbPath())} on http://${o.host.includes(":") ? `[${o.host}]` : o.host}:${info.port}/ (Ctrl-C stops)\n`,
          );
        });
        server.on("error", (e: NodeJS.ErrnoException) => {
          if (e.code === "EADDRINUSE") fail(new UserError(`port ${port} on ${o.host} is in use`, `pick another with --port, e.g. --port ${port + 1}`));
          else if (e.code === "EADDRNOTAVAIL" || e.code === "ENOTFOUND")
            fail(new UserError(`cannot listen on ${o.host}: no such address on this machine`, "pass --host 127.0.0.1, or an address of this machine"));
          else if (e.code === "EACCES") fail(new UserError(`not allowed to listen on port ${port}`, "pick a port above 1023 with --port"));
          else fail(e);
        });
        const stop = (signal: string) => {
          ctx.io.stderr.write(`\nkbloat: ${signal}: stopped serving\n`);
          server.close(() => done());
          // a browser's keep-alive connections would hold the close open
          (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        };
        if (ctx.io.onStop) ctx.io.onStop(stop);
        else for (const s of ["SIGINT", "SIGTERM"]) process.once(s, () => stop(s));
      });
    });

  program
    .command("publish")
    .description("write the dashboard as a static site: the pages, with their data as JSON files beside them")
    .argument("<dir>", "a new or empty folder")
    .option("--force", "write into a folder that is not empty")
    .action(async (dir: string, o) => {
      const { publishSite } = await import("../web/publish-site.js");
      const { findPagesDir } = await import("../web/site-files.js");
      const pages = findPagesDir();
      const started = Date.now();
      let last = 0;
      const r = await publishSite({ store: ctx.readStore(), cache: ctx.cache }, pages, dir, o.force === true, (done, total) => {
        if (Date.now() - last > 2000 || done === total) {
          last = Date.now();
          ctx.io.stderr.write(`[publish] ${done}/${total} documents\n`);
        }
      });
      const [mib, seconds] = [(r.bytes / 1024 / 1024).toFixed(1), ((Date.now() - started) / 1000).toFixed(1)];
      ctx.io.stdout.write(
        `published ${r.documents} documents (${mib} MiB of JSON) and the pages into ${r.dir} in ${seconds}s\n` +
          `  open ${r.dir}/index.html through any static file server\n`,
      );
    });
}
