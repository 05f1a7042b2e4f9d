// The verbs of the modularization guru: modules (what is built in, why, and what could leave)
// and options (bytes per option).

import { parseSize } from "../core/format-size.js";
import { UserError } from "../core/user-error.js";
import type { Command } from "commander";
import type { Context } from "./main.js";
import { intOption } from "./recipe-options.js";
import { createProgressRenderer } from "./render-progress.js";

/** --exact 3, or --exact CPU_SUP_INTEL,CONFIG_SIGNALFD */
function exactOptions(v: string): number | string[] {
  if (/^\d+$/.test(v)) return intOption("--exact", v);
  const names = v.split(",").map((x) => x.trim().replace(/^CONFIG_/, ""));
  if (names.some((x) => !/^[A-Za-z0-9_]+$/.test(x)))
    throw new UserError(`--exact takes a count or option names separated by commas, not "${v}"`, "e.g. --exact 3, or --exact CPU_SUP_INTEL,SIGNALFD");
  return names;
}

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
    .option("--prove <n>", "build each of the N largest options that could be a module now as a module, and measure what leaves and what the .ko costs")
    .option("-j, --jobs <n>", "parallel make jobs for --prove (default: all cores)")
    .option(
      "--mail [subsystem]",
      "a plain-text report for each MAINTAINERS subsystem that owns options which could be modules (or for the one named), " +
        "addressed to its M:, R: and L: lines; nothing is sent",
    )
    .option("--output <dir>", "with --mail: one file per subsystem in DIR instead of stdout")
    .option("--target <size>", "the size you aim at for the kernel proper (500KiB, 2MiB, bytes): which proven candidates, largest first, get it there")
    .action(async (ref: string, o) => {
      if (o.output !== undefined && o.mail === undefined) throw new UserError("--output is for --mail", "add --mail, or drop --output");
      if (o.mail !== undefined) {
        const { composeMaintainerMails } = await import("../app/maintainer-mails.js");
        const { writeMails } = await import("./render-mail.js");
        const r = await composeMaintainerMails({ ref, subsystem: o.mail === true ? undefined : o.mail }, ctx.readStore(), ctx.cache, note);
        return out(writeMails(r.mails, o.output));
      }
      if (o.prove !== undefined) {
        const { proveModules } = await import("../app/prove-modules.js");
        const { renderProofs } = await import("./render-prove.js");
        const progress = createProgressRenderer(ctx.io.stderr);
        try {
          const r = await proveModules(
            { ref, n: intOption("--prove", o.prove, { min: 1 }), jobs: o.jobs && intOption("--jobs", o.jobs) },
            ctx.store(),
            ctx.cache,
            progress.onEvent,
          );
          progress.done();
          return out(renderProofs(r, ctx.format()));
        } finally {
          progress.done();
        }
      }
      const target = o.target === undefined ? undefined : parseSize(o.target);
      if (target === null) throw new UserError(`--target wants a size (500KiB, 2MiB, or bytes), not "${o.target}"`);
      const { findBuiltinOption, modulesReport } = await import("../app/modules-report.js");
      const { readModulesPicture } = await import("../app/modules-target.js");
      const { renderModules, renderWhy } = await import("./render-modules.js");
      const store = ctx.readStore();
      const r = await modulesReport(store, ref, ctx.cache, note);
      if (o.why) return out(renderWhy(r, findBuiltinOption(r, o.why), ctx.format()));
      out(renderModules(r, await readModulesPicture(r, target, store), top(o.top, ctx.format()), ctx.format()));
    });

  program
    .command("options")
    .description("bytes in the kernel proper per enabled option: each object goes to the option that brings it in")
    .argument("<build>", "build id or REV@RECIPE name")
    .option("--top <n>", "show the N largest rows (text: 40 unless given)")
    .option(
      "--exact <n|options>",
      "measure the N largest options a user can turn off, or the ones named (CPU_SUP_INTEL,SIGNALFD), by building without each (incremental builds)",
    )
    .option("-j, --jobs <n>", "parallel make jobs for --exact (default: all cores)")
    .option("--queue <url>", "--exact on a farm's queue (redis://HOST:PORT): kbloat worker processes build, all at once")
    .action(async (ref: string, o) => {
      if (o.queue && o.exact === undefined) throw new UserError("--queue is for --exact, which builds", "add --exact N, or drop --queue");
      if (o.exact === undefined) {
        const { attributeOptions } = await import("../app/modules-report.js");
        const { renderOptions } = await import("./render-modules.js");
        const a = await attributeOptions(ctx.readStore(), ref, ctx.cache, note);
        return out(renderOptions(a, top(o.top, ctx.format()), ctx.format()));
      }
      const { measureOptionsExactly } = await import("../app/options-exact.js");
      const { renderExact } = await import("./render-exact.js");
      const progress = createProgressRenderer(ctx.io.stderr);
      try {
        const request = { ref, n: exactOptions(o.exact), jobs: o.jobs && intOption("--jobs", o.jobs), queue: o.queue };
        const r = await measureOptionsExactly(request, ctx.store(), ctx.cache, progress.onEvent);
        progress.done();
        out(renderExact(r, ctx.format()));
      } finally {
        progress.done();
      }
    });
}
