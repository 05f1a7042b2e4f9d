// The verbs of the modularization guru: modules (what is built in, why, and what could leave)
// and options (bytes per option).

import { UserError } from "../core/user-error.js";
import type { Command } from "commander";
import type { Context } from "./main.js";
import { intOption } from "./recipe-options.js";
import { renderExact } from "./render-exact.js";
import { renderModules, renderOptions, renderWhy } from "./render-modules.js";
import { createProgressRenderer } from "./render-progress.js";

export function registerModulesCommands(program: Command, ctx: Context): void {
  const out = (s: string) => ctx.io.stdout.write(s);
  const note = (message: string) => ctx.io.stderr.write(`kbloat: ${message}\n`);
  const top = (v: string | undefined, format: string) => (v !== undefined ? intOption("--top", v) : format === "text" ? 40 : undefined);

  program
    .command("modules")
    .description("the modularization report: every option built in (=y), why, its bytes, and what it would take to move them out")
    .argument("<build>", "build id or REV@RECIPE name")
    .option("--top <n>", "show the N options with the most bytes (text: 40 unless given)")
    .option("--why <symbol>", "one option: why it is built in, the whole chain, its bytes and objects")
    .action(async (ref: string, o) => {
      const { findBuiltinOption, modulesReport } = await import("../app/modules-report.js");
      const r = await modulesReport(ctx.readStore(), ref, ctx.cache, note);
      if (o.why) return out(renderWhy(r, findBuiltinOption(r, o.why), ctx.format()));
      out(renderModules(r, top(o.top, ctx.format()), ctx.format()));
    });

  program
    .command("options")
    .description("bytes in the kernel proper per enabled option: each object goes to the option that brings it in")
    .argument("<build>", "build id or REV@RECIPE name")
    .option("--top <n>", "show the N largest rows (text: 40 unless given)")
    .option("--exact <n>", "measure the N largest options a user can turn off by building without each (incremental builds)")
    .option("-j, --jobs <n>", "parallel make jobs for --exact (default: all cores)")
    .option("--queue <url>", "--exact on a farm's queue (redis://HOST:PORT): kbloat worker processes build, all at once")
    .action(async (ref: string, o) => {
      if (o.queue && o.exact === undefined) throw new UserError("--queue is for --exact, which builds", "add --exact N, or drop --queue");
      if (o.exact === undefined) {
        const { attributeOptions } = await import("../app/modules-report.js");
        const a = await attributeOptions(ctx.readStore(), ref, ctx.cache, note);
        return out(renderOptions(a, top(o.top, ctx.format()), ctx.format()));
      }
      const { measureOptionsExactly } = await import("../app/options-exact.js");
      const progress = createProgressRenderer(ctx.io.stderr);
      try {
        const request = { ref, n: intOption("--exact", o.exact), jobs: o.jobs && intOption("--jobs", o.jobs), queue: o.queue };
        const r = await measureOptionsExactly(request, ctx.store(), ctx.cache, progress.onEvent);
        progress.done();
        out(renderExact(r, ctx.format()));
      } finally {
        progress.done();
      }
    });
}
