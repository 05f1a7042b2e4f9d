// The verbs on single builds: build, measure, list, show, diff (history: history-commands.ts).
// Each verb loads what it runs when it runs: `diff`'s start is most of its time.

import { type Command, Option } from "commander";
import { DATABASE_SCHEMA } from "../app/kbloat-version.js";
import { GRAINS, type Grain } from "../core/breakdown.js";
import { UserError } from "../core/user-error.js";
import type { Context } from "./main.js";
import { createProgressRenderer } from "./render-progress.js";
import { addRecipeOptions, intOption, recipeFromOptions } from "./recipe-options.js";
import { registerCompletionCommands } from "./completion-commands.js";
import { registerFarmCommands } from "./farm-commands.js";
import { registerHistoryCommands } from "./history-commands.js";
import { registerModulesCommands } from "./modules-commands.js";
import { registerPlotCommand } from "./plot-command.js";
import { registerWebCommands } from "./web-commands.js";

export function registerCommands(program: Command, ctx: Context): void {
  const out = (s: string) => ctx.io.stdout.write(s);
  registerHistoryCommands(program, ctx);
  registerFarmCommands(program, ctx);
  registerModulesCommands(program, ctx);
  registerPlotCommand(program, ctx);
  registerWebCommands(program, ctx);
  registerCompletionCommands(program, ctx);

  addRecipeOptions(
    program
      .command("build")
      .description("configure, build, measure and store one kernel")
      .argument("<source>", "kernel source: a directory, a release tarball (.tar.xz) or a git repository")
      .option("--rev <rev>", "git revision to build (default HEAD; the working tree is never used)"),
  )
    .option("--force", "build again even when this build is stored")
    .action(async (source: string, o) => {
      const recipe = recipeFromOptions(o);
      const progress = createProgressRenderer(ctx.io.stderr);
      const store = ctx.store();
      try {
        const { buildKernel } = await import("../app/build-kernel.js");
        const { summaryView } = await import("../app/views/build-view.js");
        const { renderBuildSummary } = await import("./render-results.js");
        const r = await buildKernel(
          { source, rev: o.rev, recipe, force: o.force, jobs: o.jobs && intOption("--jobs", o.jobs) },
          store,
          ctx.cache,
          progress.onEvent,
        );
        progress.done();
        const m = (await store.loadMeasurement(r.record.id)) ?? null;
        out(renderBuildSummary(r.record, m, r.reused, summaryView(r.record, m), ctx.format()));
      } finally {
        progress.done();
      }
    });

  program
    .command("measure")
    .description("store a Measurement of a vmlinux built elsewhere")
    .argument("<vmlinux>", "a linked vmlinux")
    .option("--build-dir <dir>", "its build tree (for the link map, boot image and .config; default: the vmlinux's directory)")
    .option("--source <dir>", "its source tree (for MAINTAINERS subsystems; default: the build tree's `source` link)")
    .option("--name <name>", "the name to store it under")
    .option("--arch <arch>", "its ARCH, as make's ARCH= names it (default: from its ELF header and .config)")
    .action(async (vmlinux: string, o) => {
      const store = ctx.store();
      const note = (message: string) => ctx.io.stderr.write(`kbloat: ${message}\n`);
      const { measureVmlinux } = await import("../app/measure-vmlinux.js");
      const { summaryView } = await import("../app/views/build-view.js");
      const { renderBuildSummary } = await import("./render-results.js");
      const { record, measurement } = await measureVmlinux({ vmlinux, buildDir: o.buildDir, source: o.source, name: o.name, arch: o.arch }, store, note);
      out(renderBuildSummary(record, measurement, false, summaryView(record, measurement), ctx.format()));
    });

  program
    .command("list")
    .description("the stored builds")
    .action(async () => {
      const { listView } = await import("../app/views/build-view.js");
      const { renderList } = await import("./render-results.js");
      out(renderList(listView(await ctx.readStore().listBuilds(), DATABASE_SCHEMA), ctx.format()));
    });

  const grainOption = () => new Option("--by <grain>", "what to break the bytes down by").choices(GRAINS).default("dir");
  program
    .command("show")
    .description("where the bytes of one build go")
    .argument("<build>", "build id or REV@RECIPE name")
    .addOption(grainOption())
    .option("--depth <n>", "directory depth for --by dir (1 or more)", "1")
    .option("--top <n>", "show the N largest rows, fold the rest into one")
    .action(async (ref: string, o) => {
      const req = { by: o.by as Grain, depth: intOption("--depth", o.depth, { min: 1 }), top: o.top === undefined ? undefined : intOption("--top", o.top) };
      const { loadBreakdownInput, loadBuild } = await import("../app/queries.js");
      const { showView } = await import("../app/views/build-view.js");
      const { renderShow } = await import("./render-results.js");
      const store = ctx.readStore();
      const build = await loadBuild(store, ref);
      if (build.status !== "ok") return out(renderShow(build, showView(build, null, req), ctx.format()));
      const { m } = await loadBreakdownInput(store, ref, req.by, ctx.cache);
      out(renderShow(build, showView(build, m, req), ctx.format()));
    });

  program
    .command("diff")
    .description("head minus base, at any grain; --format bloat-o-meter prints what scripts/bloat-o-meter prints")
    .argument("<base>", "build id or name")
    .argument("<head>", "build id or name")
    .addOption(grainOption())
    .option("--depth <n>", "directory depth for --by dir (1 or more)", "1")
    .option("--top <n>", "show the N largest changes")
    .option("-c", "with --format bloat-o-meter: categorize by symbol type")
    .option("-d", "with --format bloat-o-meter: data only")
    .option("-t", "with --format bloat-o-meter: text only")
    .option(
      "--bloat-o-meter-from <tree|release>",
      "with --format bloat-o-meter: follow this kernel tree's script (or a release's: 5.10, 6.1, 6.12, 7.2), not the head's",
    )
    .option("--maintainers <file>", "with --by subsystem: map both builds' objects with this MAINTAINERS file, not the head's")
    .action(async (a: string, b: string, o) => {
      const format = ctx.rawFormat();
      const store = ctx.readStore();
      if (format === "bloat-o-meter") {
        const modes = [o.c && "c", o.d && "d", o.t && "t"].filter(Boolean) as ("c" | "d" | "t")[];
        if (modes.length > 1) throw new UserError("-c, -d and -t cannot be combined (bloat-o-meter takes one)");
        const { bloatOMeter } = await import("../app/queries.js");
        const { text, rules } = await bloatOMeter(store, a, b, modes[0] ?? "all", o.bloatOMeterFrom);
        ctx.io.stderr.write(`kbloat: as ${rules.from} prints it\n`);
        return out(text);
      }
      if (o.c || o.d || o.t) throw new UserError("-c, -d and -t go with --format bloat-o-meter");
      if (o.bloatOMeterFrom !== undefined) throw new UserError("--bloat-o-meter-from goes with --format bloat-o-meter");
      if (o.maintainers !== undefined && o.by !== "subsystem") throw new UserError("--maintainers goes with --by subsystem");
      const req = { by: o.by as Grain, depth: intOption("--depth", o.depth, { min: 1 }), top: o.top === undefined ? undefined : intOption("--top", o.top) };
      const { loadBreakdownInput } = await import("../app/queries.js");
      const { withOneMaintainers } = await import("../app/subsystems.js");
      const { diffView } = await import("../app/views/diff-view.js");
      const { renderDiff } = await import("./render-results.js");
      const loaded = [await loadBreakdownInput(store, a, o.by, ctx.cache), await loadBreakdownInput(store, b, o.by, ctx.cache)];
      if (req.by !== "subsystem") return out(renderDiff(diffView(loaded[0], loaded[1], req), ctx.format()));
      const { base, head, maintainers } = withOneMaintainers(loaded[0], loaded[1], o.maintainers);
      out(renderDiff(diffView(base, head, req, { maintainers }), ctx.format()));
    });
}
